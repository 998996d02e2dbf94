import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARS, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives every default in the local world with an empty environment', () => {
    const c = loadConfig({});
    expect(c.appEnv).toBe('local');
    expect(c.supportMailbox).toBe('support@studyflash.test');
    expect(c.confidenceThreshold).toBe(0.86);
    expect(c.anthropicApiKey).toBeUndefined();
  });

  it('lists every invalid variable in one error', () => {
    try {
      loadConfig({ CONFIDENCE_THRESHOLD: '2', SUPPORT_MAILBOX: 'not-an-address', QUEUE_NAME: 'Q' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      expect(msg).toContain('CONFIDENCE_THRESHOLD');
      expect(msg).toContain('SUPPORT_MAILBOX');
      expect(msg).toContain('QUEUE_NAME');
    }
  });

  it('never echoes a secret value in its error', () => {
    try {
      loadConfig({ GRAPH_CLIENT_STATE: 'short-secret' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain('GRAPH_CLIENT_STATE');
      expect((e as Error).message).not.toContain('short-secret');
    }
  });

  it('refuses local-only settings in production', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/BOT_APP_ID[\s\S]*GRAPH_CLIENT_SECRET[\s\S]*GRAPH_BASE_URL[\s\S]*STORAGE_CONNECTION/);
  });

  it('refuses a per-process Graph gate in production, where instances would each allow 4 requests', () => {
    expect(() => loadConfig({ APP_ENV: 'production', GRAPH_GATE: 'process' })).toThrow(/GRAPH_GATE: must be storage in production/);
  });

  it('refuses production without TEAMS_CHANNEL_ID, so cards never follow an installation elsewhere', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/TEAMS_CHANNEL_ID: required in production/);
  });

  it('accepts a complete production configuration', () => {
    const c = loadConfig({
      APP_ENV: 'production',
      GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
      GRAPH_CLIENT_SECRET: 's',
      NOTIFICATION_URL: 'https://fn.example/api/notifications',
      LIFECYCLE_URL: 'https://fn.example/api/lifecycle',
      GRAPH_CLIENT_STATE: 'x'.repeat(40),
      GRAPH_GATE: 'storage',
      STORAGE_CONNECTION: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=b;EndpointSuffix=core.windows.net',
      BOT_APP_ID: 'app',
      BOT_APP_PASSWORD: 'pw',
      TEAMS_CHANNEL_ID: '19:support@thread.tacv2',
      FUNCTIONS_BASE_URL: 'https://fn.example/api',
    });
    expect(c.appEnv).toBe('production');
  });

  it('refuses a setting that is an unresolved Key Vault reference, even one that passes its schema', () => {
    const ref = '@Microsoft.KeyVault(VaultName=kv-abc;SecretName=graph-client-state)';
    expect(ref.length).toBeGreaterThanOrEqual(16); // GRAPH_CLIENT_STATE's own check would accept it
    try {
      loadConfig({ GRAPH_CLIENT_STATE: ref, STORAGE_CONNECTION: '@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/storage-connection/)' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^GRAPH_CLIENT_STATE: is an unresolved Key Vault reference \(secret "graph-client-state"\)/);
      expect(problems[1]).toMatch(/^STORAGE_CONNECTION: is an unresolved Key Vault reference \(secret "storage-connection"\)/);
      expect((e as Error).message).toContain('Key Vault Secrets User');
    }
  });

  it('refuses an unresolved Key Vault reference in production too, for optional secrets as well', () => {
    expect(() => loadConfig({ APP_ENV: 'production', ANTHROPIC_API_KEY: '@microsoft.keyvault(VaultName=kv;SecretName=anthropic-api-key)' })).toThrow(/ANTHROPIC_API_KEY: is an unresolved Key Vault reference/);
  });

  it('has unique env names and keys', () => {
    expect(new Set(ENV_VARS.map((v) => v.env)).size).toBe(ENV_VARS.length);
    expect(new Set(ENV_VARS.map((v) => v.key)).size).toBe(ENV_VARS.length);
  });
});
