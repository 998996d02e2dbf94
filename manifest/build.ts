// `npm run manifest`: fills manifest.template.json from the environment, validates it against
// Microsoft's own Teams manifest schema (bundled in @microsoft/app-manifest, so offline), and
// writes manifest/build/appPackage.zip with manifest.json and the two icons at the zip root.
// Build-time settings (not app settings): TEAMS_APP_ID, TEAMS_APP_VERSION, TEAMS_APP_WEBSITE_URL,
// TEAMS_APP_PRIVACY_URL, TEAMS_APP_TERMS_URL; the bot id is BOT_APP_ID. The Outlook add-in (the
// ticket pane) takes FUNCTIONS_BASE_URL (https, the Function App's /api), PANE_CLIENT_ID and PANE_API_URI.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import appManifest from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { z } from 'zod';
import { ACCENT, ICON_FILES } from './icons.js';

const { AppManifestUtils } = appManifest;
const HERE = new URL('./', import.meta.url);
export const TEMPLATE_PATH = fileURLToPath(new URL('manifest.template.json', HERE));
export const DEFAULT_OUT = fileURLToPath(new URL('build/appPackage.zip', HERE));
/** Stands in for BOT_APP_ID in local builds; such a package cannot be installed anywhere. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

const guid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'must be a GUID');
const https = z.string().url().startsWith('https://', 'must be an https URL');

export const manifestValues = z.object({
  appId: guid,
  botId: guid,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be semver x.y.z'),
  websiteUrl: https,
  privacyUrl: https,
  termsUrl: https,
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** https://<app host>/api/pane — the task pane page; its ribbon icons live below it */
  paneUrl: https,
  /** the app host, for validDomains */
  paneHost: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name'),
  paneClientId: guid,
  paneApiUri: z.string().regex(/^(api|https):\/\/\S+$/, 'must be api://… or https://…'),
});
export type ManifestValues = z.infer<typeof manifestValues>;

export class ManifestError extends Error {
  override name = 'ManifestError';
  constructor(readonly problems: string[]) {
    super(`The Teams app manifest is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Values from the environment (build-time), with the product's defaults. */
export async function valuesFromEnv(env: Record<string, string | undefined> = process.env): Promise<{ values: ManifestValues; warnings: string[] }> {
  const pkg = JSON.parse(await readFile(fileURLToPath(new URL('../package.json', HERE)), 'utf8')) as { version: string };
  const warnings: string[] = [];
  const botId = env.BOT_APP_ID || PLACEHOLDER_BOT_ID;
  if (!env.BOT_APP_ID) {
    if (env.APP_ENV === 'production') throw new ManifestError(['BOT_APP_ID: required to build the production app package']);
    warnings.push('BOT_APP_ID is not set: the package uses a placeholder bot id and cannot be installed in Teams.');
  }
  // The pane is served by the Function App; a local (http) URL cannot be installed in Outlook.
  let functionsUrl = env.FUNCTIONS_BASE_URL || '';
  if (!functionsUrl.startsWith('https://')) {
    if (env.APP_ENV === 'production') throw new ManifestError(['FUNCTIONS_BASE_URL: the https URL of the Function App (…/api) is required for the Outlook add-in']);
    warnings.push('FUNCTIONS_BASE_URL is not an https URL: the Outlook add-in points at a placeholder host and cannot be installed.');
    functionsUrl = 'https://studyflash-support.azurewebsites.net/api';
  }
  const paneUrl = `${functionsUrl.replace(/\/+$/, '')}/pane`;
  const paneClientId = env.PANE_CLIENT_ID || '33333333-3333-4333-8333-333333333333';
  const r = manifestValues.safeParse({
    appId: env.TEAMS_APP_ID || 'b6f3c1d2-5e4a-4f8b-9c7d-2a1e0f9b8c71',
    botId,
    version: env.TEAMS_APP_VERSION || pkg.version,
    websiteUrl: env.TEAMS_APP_WEBSITE_URL || 'https://studyflash.ch',
    privacyUrl: env.TEAMS_APP_PRIVACY_URL || 'https://studyflash.ch/privacy',
    termsUrl: env.TEAMS_APP_TERMS_URL || 'https://studyflash.ch/terms',
    accentColor: ACCENT,
    paneUrl,
    paneHost: new URL(paneUrl).host,
    paneClientId,
    paneApiUri: env.PANE_API_URI || `api://${new URL(paneUrl).host}/${paneClientId}`,
  });
  if (!r.success) throw new ManifestError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return { values: r.data, warnings };
}

/** The template with every {{placeholder}} filled; an unknown placeholder is an error. */
export async function renderManifest(values: ManifestValues, templatePath = TEMPLATE_PATH): Promise<Record<string, unknown>> {
  const text = await readFile(templatePath, 'utf8');
  const missing = new Set<string>();
  const filled = text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const v = (values as Record<string, string>)[key];
    if (v === undefined) missing.add(key);
    return JSON.stringify(v ?? '').slice(1, -1);
  });
  if (missing.size) throw new ManifestError([...missing].map((k) => `template placeholder {{${k}}} has no value`));
  return JSON.parse(filled) as Record<string, unknown>;
}

/** Microsoft's schema check (the schema named by $schema, loaded from the package, no network). */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0]);
}

export async function buildAppPackage(values: ManifestValues, outFile = DEFAULT_OUT, templatePath = TEMPLATE_PATH): Promise<{ zipPath: string; manifest: Record<string, unknown>; bytes: number }> {
  const manifest = await renderManifest(values, templatePath);
  const problems = await validateManifest(manifest);
  if (problems.length) throw new ManifestError(problems);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  for (const f of Object.values(ICON_FILES)) zip.file(f, await readFile(fileURLToPath(new URL(f, HERE))));
  const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, data);
  return { zipPath: outFile, manifest, bytes: data.length };
}

async function main(): Promise<void> {
  try {
    const { values, warnings } = await valuesFromEnv();
    for (const w of warnings) console.warn(`warning: ${w}`);
    const { zipPath, bytes } = await buildAppPackage(values);
    console.log(`Teams app package: ${zipPath} (${bytes} bytes; manifest ${values.version}, app ${values.appId}, bot ${values.botId})`);
    console.log('Upload it in the Teams admin center (Manage apps → Upload) or the Developer Portal.');
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
