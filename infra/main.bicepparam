// Every value an admin chooses for a deployment of infra/main.bicep. Replace the <…> values: a
// placeholder left in stops the deployment before anything is created, naming the parameters.
// Secrets are NOT in this file: they are read from the deploying shell's environment (export them
// first, see infra/README.md "Deploy the infrastructure"), so nothing secret is ever committed.
using './main.bicep'

// Naming and hosting
param appName = '<studyflash-support>'  // ≤ 55 characters: letters, digits, hyphens
param location = 'westeurope'
param tags = {
  app: 'studyflash-support'
}
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param alwaysReadyHttpInstances = 1
param logRetentionDays = 30
param adminPrincipalId = '<object id of the admin user or group, or empty>'
param keyVaultNameSeed = ''  // change only to step around a soft-deleted vault of the same name (infra/README.md)

// Microsoft 365
param graphTenantId = '<tenant id>'
param graphClientId = '<Graph app registration client id>'
param supportMailbox = 'support@studyflash.ch'
param subscriptionMinutes = 4200
param reconcileSchedule = '0 */5 * * * *'
param reconcileBackfillHours = 72
param botAppId = '<bot app registration client id>'
param botTenantId = '<tenant id>'
param botDisplayName = 'Studyflash Support'
param botSku = 'F0'
param teamsChannelId = '<support channel id, 19:…@thread.tacv2>'
param teamsTeamId = '<team (group) id>'
param rosterPath = 'roster.json'
param paneClientId = '<Outlook pane app registration client id>'
param paneApiUri = 'api://<app host>/<Outlook pane app registration client id>'
param paneAllowedAudiences = ''

// Analysis and enrichment
param anthropicModel = 'claude-haiku-4-5'
param confidenceThreshold = '0.86'
param sentryApiUrl = 'https://sentry.io'
param sentryOrg = '<sentry org slug>'
param sentryProject = ''
param posthogApiUrl = 'https://eu.posthog.com'
param posthogProjectId = '<posthog project id>'
param logLevel = 'info'

// Secrets: from the environment of the shell that deploys (empty optional ones switch the integration off).
param graphClientSecret = readEnvironmentVariable('GRAPH_CLIENT_SECRET')
param graphClientState = readEnvironmentVariable('GRAPH_CLIENT_STATE')
param botAppPassword = readEnvironmentVariable('BOT_APP_PASSWORD')
param anthropicApiKey = readEnvironmentVariable('ANTHROPIC_API_KEY', '')
param sentryAuthToken = readEnvironmentVariable('SENTRY_AUTH_TOKEN', '')
param posthogApiKey = readEnvironmentVariable('POSTHOG_API_KEY', '')
param accountsDatabaseUrl = readEnvironmentVariable('ACCOUNTS_DATABASE_URL', '')
param sentryDsn = readEnvironmentVariable('SENTRY_DSN', '')
param paneClientSecret = readEnvironmentVariable('PANE_CLIENT_SECRET', '')
