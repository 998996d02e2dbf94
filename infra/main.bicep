// Studyflash support triage in Azure: one Function App (Flex Consumption, Node 22, Linux) holding
// the Graph webhook, the queue workers, the timers and the Teams bot's /api/messages; its Storage
// account (host storage, deployment package, work queues, ticket tables); Application Insights on
// Log Analytics; a Key Vault holding every secret the app reads; the single-tenant Azure Bot with
// the Teams channel; one user-assigned managed identity with the least roles it needs.
//
// Every environment variable the app reads (shared/config.ts ENV_VARS) is an app setting below;
// infra/infra.test.ts derives the list from the schema and fails when one is missing here. Secrets
// are written to Key Vault and reach the app only as Key Vault references.
// Deploy: see infra/README.md (az deployment group create … --parameters infra/main.bicepparam).
// infra/infra.test.ts also checks, offline, what the Bicep compiler and ARM would reject: loops
// over values known only at run time (BCP178), names beyond their length limits for any allowed
// appName, and '<…>' placeholders left in main.bicepparam.

targetScope = 'resourceGroup'

// ───────────────────────────── Parameters: naming and hosting ─────────────────────────────

@description('Azure region for every resource (must offer Flex Consumption: az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Function App name (letters, digits, hyphens); globally unique, becomes <appName>.azurewebsites.net. At most 55 characters so that every derived name (plan-<appName> ≤ 60, log-<appName> ≤ 63) fits its limit.')
@minLength(2)
@maxLength(55)
param appName string

@description('Tags applied to every resource.')
param tags object = {}

@description('Memory per Flex Consumption instance (MB). 2048 fits the Graph SDK, botbuilder and the offline analyzer comfortably.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Flex Consumption on-demand instance cap per function group (platform minimum 40). The Graph mailbox limit is kept by host.json batch size and the per-instance Graph gate; see infra/README.md "Scale and Graph limits".')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Always-ready instances for the HTTP group (webhook + bot). 1 keeps Teams card actions inside the ~10 s invoke limit and the Graph validation handshake inside its 10 s, without cold starts.')
@minValue(0)
@maxValue(10)
param alwaysReadyHttpInstances int = 1

@description('Days Log Analytics keeps logs and traces.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Object id of the admin (user or group) who may write Key Vault secrets (Key Vault Secrets Officer). Empty: assign it yourself.')
param adminPrincipalId string = ''

@description('Part of the Key Vault name. A deleted vault keeps its name for 90 days (soft delete with purge protection), so a resource group recreated under the same name would collide with it: recover the old vault (infra/README.md) or set any new value here for a fresh name.')
param keyVaultNameSeed string = ''

// ───────────────────────────── Parameters: Microsoft 365 ─────────────────────────────

@description('Entra tenant of the Graph app registration.')
param graphTenantId string = tenant().tenantId

@description('Application (client) id of the Graph app registration (Mail.ReadWrite, Mail.Send, MailboxSettings.ReadWrite, scoped to the mailbox with Exchange RBAC for Applications).')
@minLength(36)
param graphClientId string

@description('The shared support mailbox (UPN), e.g. support@studyflash.ch.')
param supportMailbox string

@description('Lifetime requested for the Inbox subscription in minutes (Outlook messages allow up to 4230).')
@minValue(45)
@maxValue(4230)
param subscriptionMinutes int = 4200

@description('NCRONTAB schedule of the renew + delta-reconcile timer.')
param reconcileSchedule string = '0 */5 * * * *'

@description('On the first Inbox sync (or after an expired delta token) only mail received this many hours back is triaged.')
@minValue(1)
param reconcileBackfillHours int = 72

@description('Application (client) id of the bot\'s own Entra app registration (single-tenant; no Graph permissions needed).')
@minLength(36)
param botAppId string

@description('Tenant of the single-tenant bot.')
param botTenantId string = tenant().tenantId

@description('Name shown for the bot in Azure and Teams.')
param botDisplayName string = 'Studyflash Support'

@description('Azure Bot pricing tier; F0 is free for standard channels such as Teams.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Teams channel that receives ticket cards (19:…@thread.tacv2); the app refuses to start in production without it.')
@minLength(1)
param teamsChannelId string

@description('Team (group) id that holds the channel; an installation in any other team changes nothing.')
param teamsTeamId string = ''

@description('Roster file (agents, leads, categories) inside the deployed package, relative to the app root.')
param rosterPath string = 'roster.json'

// ───────────────────────────── Parameters: analysis and enrichment ─────────────────────────────

@description('Claude model for triage.')
param anthropicModel string = 'claude-haiku-4-5'

@description('Tickets at or above this confidence are auto-assigned (0..1, as text; the default is chosen in README "The threshold").')
param confidenceThreshold string = '0.86'

@description('Sentry REST base for enrichment (https://sentry.io or self-hosted). Empty: Sentry enrichment off.')
param sentryApiUrl string = ''

@description('Sentry organization slug.')
param sentryOrg string = ''

@description('Numeric Sentry project id(s), comma-separated. Empty: every project the token can read.')
param sentryProject string = ''

@description('PostHog base (https://eu.posthog.com or self-hosted). Empty: PostHog enrichment off.')
param posthogApiUrl string = ''

@description('PostHog project id.')
param posthogProjectId string = ''

@description('debug | info | warn | error.')
@allowed(['debug', 'info', 'warn', 'error'])
param logLevel string = 'info'

@description('App (client) id of the Outlook pane + API registration (PANE_CLIENT_ID; admin guide "Outlook pane").')
param paneClientId string

@description('Application ID URI of the pane\'s API, e.g. api://<app host>/<client id> (PANE_API_URI).')
param paneApiUri string

@description('Extra token audiences the pane API accepts, comma-separated (PANE_ALLOWED_AUDIENCES); usually empty.')
param paneAllowedAudiences string = ''

// ───────────────────────────── Secrets (written to Key Vault, never to app settings) ─────────────────────────────
// main.bicepparam reads each from the deploying shell's environment (readEnvironmentVariable), so no
// value is ever written to a file. An empty optional secret leaves its integration off.

@description('Graph app registration client secret (GRAPH_CLIENT_SECRET).')
@secure()
param graphClientSecret string

@description('Random secret Graph echoes in every notification, 16–128 chars (GRAPH_CLIENT_STATE).')
@secure()
@minLength(16)
@maxLength(128)
param graphClientState string

@description('Client secret of the bot\'s app registration (BOT_APP_PASSWORD).')
@secure()
param botAppPassword string

@description('Anthropic API key (ANTHROPIC_API_KEY). Empty: the offline analyzer triages.')
@secure()
param anthropicApiKey string = ''

@description('Sentry auth token with event:read for enrichment (SENTRY_AUTH_TOKEN).')
@secure()
param sentryAuthToken string = ''

@description('PostHog personal API key with read access (POSTHOG_API_KEY).')
@secure()
param posthogApiKey string = ''

@description('Read-only Postgres URL of the accounts database (ACCOUNTS_DATABASE_URL).')
@secure()
param accountsDatabaseUrl string = ''

@description('Client secret of the Outlook pane registration for on-behalf-of (PANE_CLIENT_SECRET). Empty: the pane answers 503.')
@secure()
param paneClientSecret string = ''

@description('DSN for the app\'s own errors (SENTRY_DSN).')
@secure()
param sentryDsn string = ''

// ───────────────────────────── Names and constants ─────────────────────────────

// main.bicepparam ships '<…>' placeholders; one left in stops the deployment at validation, before
// anything is created, with the list of parameters still to fill in (every name below uses baseName).
var placeholders = filter(
  items({
    appName: appName
    adminPrincipalId: adminPrincipalId
    graphTenantId: graphTenantId
    graphClientId: graphClientId
    supportMailbox: supportMailbox
    botAppId: botAppId
    botTenantId: botTenantId
    teamsChannelId: teamsChannelId
    teamsTeamId: teamsTeamId
    sentryOrg: sentryOrg
    sentryProject: sentryProject
    posthogProjectId: posthogProjectId
    paneClientId: paneClientId
    keyVaultNameSeed: keyVaultNameSeed
  }),
  p => startsWith(p.value, '<')
)
var baseName = empty(placeholders)
  ? appName
  : fail('main.bicepparam still holds placeholders; set these parameters: ${join(map(placeholders, p => p.key), ', ')}')

var suffix = uniqueString(resourceGroup().id, baseName)
var storageName = take('st${suffix}', 24)
// The resource group id repeats when a group is recreated under the same name; the seed lets a new
// deployment step around a soft-deleted vault that still holds the old name.
var keyVaultName = take('kv-${uniqueString(resourceGroup().id, baseName, keyVaultNameSeed)}', 24)
var deploymentContainer = 'app-package'
var queueName = 'tickets'
var sendQueueName = 'sends'
// host.json is the one place the queue retry count is set; the app must know it (QUEUE_MAX_DEQUEUE_COUNT).
var hostJson = loadJsonContent('../host.json')

// Built-in role definition ids (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Key Vault secret names (lowercase, dashes) for each secret app setting.
var secretNames = {
  graphClientSecret: 'graph-client-secret'
  graphClientState: 'graph-client-state'
  botAppPassword: 'bot-app-password'
  anthropicApiKey: 'anthropic-api-key'
  sentryAuthToken: 'sentry-auth-token'
  posthogApiKey: 'posthog-api-key'
  accountsDatabaseUrl: 'accounts-database-url'
  sentryDsn: 'sentry-dsn'
  paneClientSecret: 'pane-client-secret'
  storageConnection: 'storage-connection'
}

// ───────────────────────────── Identity ─────────────────────────────
// User-assigned, so its roles exist before the app first starts (no race on Key Vault references).

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}'
  location: location
  tags: tags
}

// ───────────────────────────── Monitoring ─────────────────────────────

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${baseName}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    // Ingestion only with Entra auth: the app's identity publishes (Monitoring Metrics Publisher).
    DisableLocalAuth: true
  }
}

resource insightsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ───────────────────────────── Storage ─────────────────────────────

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The host and the deployment package use the managed identity; the app's own queue/table
    // clients take STORAGE_CONNECTION (a connection string) and so still need the account key.
    allowSharedKeyAccess: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
  properties: { publicAccess: 'None' }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The work queues and their poison queues exist from the start, so monitoring can watch them.
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for q in [queueName, '${queueName}-poison', sendQueueName, '${sendQueueName}-poison']: {
  parent: queueService
  name: q
}]

var storageRoleIds = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]

// Blob: host storage and the deployment package; Queue/Table: host coordination and identity-based
// clients (doctor and future keyless STORAGE_CONNECTION).
resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in storageRoleIds: {
  name: guid(storage.id, identity.id, roleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

// ───────────────────────────── Key Vault ─────────────────────────────

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vaultAdmin 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(vault.id, adminPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: adminPrincipalId
  }
}

// The default hostname, known before the app exists (the app's own settings and the bot need it).
var functionHost = '${baseName}.azurewebsites.net'
// The webhook functions are anonymous: Graph's clientState (a Key Vault secret, compared in
// constant time) and the known subscription ids authenticate notifications, not a function key.
var notificationUrl = 'https://${functionHost}/api/notifications'
var lifecycleUrl = 'https://${functionHost}/api/lifecycle'

// Secret values given as parameters: name → value. Optional ones are stored only when given. Only
// parameters here: a loop's collection must be known when the deployment starts (Bicep BCP178), so
// the storage connection string, which needs the account key (listKeys), is its own resource below.
var parameterSecrets = [
  { name: secretNames.graphClientSecret, value: graphClientSecret }
  { name: secretNames.graphClientState, value: graphClientState }
  { name: secretNames.botAppPassword, value: botAppPassword }
  { name: secretNames.anthropicApiKey, value: anthropicApiKey }
  { name: secretNames.sentryAuthToken, value: sentryAuthToken }
  { name: secretNames.posthogApiKey, value: posthogApiKey }
  { name: secretNames.accountsDatabaseUrl, value: accountsDatabaseUrl }
  { name: secretNames.sentryDsn, value: sentryDsn }
  { name: secretNames.paneClientSecret, value: paneClientSecret }
]

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for s in parameterSecrets: if (!empty(s.value)) {
  parent: vault
  name: s.name
  properties: { value: s.value }
}]

resource storageSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames.storageConnection
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

// A Key Vault reference (versionless: the newest version wins after a restart), or '' when the
// optional secret was not given, so the app sees the integration as off instead of a literal
// reference string.
func kvRef(vaultName string, secretName string) string => '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'

// ───────────────────────────── Function App (Flex Consumption) ─────────────────────────────

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${baseName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: baseName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyHttpInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttpInstances }] : []
      }
      // Node 20 reached its end of life on 2026-04-30; the code runs on 20 and 22 (.ci/run tests both).
      runtime: { name: 'node', version: '22' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Host plumbing (Flex Consumption: runtime and worker come from functionAppConfig).
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        // The app's own settings: every entry of shared/config.ts ENV_VARS that matters in Azure.
        { name: 'APP_ENV', value: 'production' }
        { name: 'LOG_LEVEL', value: logLevel }
        { name: 'GRAPH_BASE_URL', value: 'https://graph.microsoft.com/v1.0' }
        { name: 'GRAPH_TENANT_ID', value: graphTenantId }
        { name: 'GRAPH_CLIENT_ID', value: graphClientId }
        { name: 'GRAPH_CLIENT_SECRET', value: kvRef(vault.name, secretNames.graphClientSecret) }
        // A certificate needs a PEM file on disk; this template authenticates with the client secret.
        { name: 'GRAPH_CLIENT_CERT_PATH', value: '' }
        { name: 'GRAPH_AUTHORITY_HOST', value: environment().authentication.loginEndpoint }
        { name: 'SUPPORT_MAILBOX', value: supportMailbox }
        { name: 'NOTIFICATION_URL', value: notificationUrl }
        { name: 'LIFECYCLE_URL', value: lifecycleUrl }
        { name: 'GRAPH_CLIENT_STATE', value: kvRef(vault.name, secretNames.graphClientState) }
        // Outlook's 4 concurrent requests per mailbox, held across every instance (blob-lease slots).
        { name: 'GRAPH_GATE', value: 'storage' }
        { name: 'SUBSCRIPTION_MINUTES', value: string(subscriptionMinutes) }
        { name: 'RECONCILE_SCHEDULE', value: reconcileSchedule }
        { name: 'RECONCILE_BACKFILL_HOURS', value: string(reconcileBackfillHours) }
        // First-response targets, reminders and the daily digest (README: Time and outcomes). The timer's
        // %REMINDER_SCHEDULE% must resolve, so it is always set.
        { name: 'SLA_TARGETS', value: 'refund-request=4h,bug-report=8h,product-question=8h,other=24h' }
        { name: 'BUSINESS_HOURS', value: 'Mon-Fri 08:00-18:00' }
        { name: 'BUSINESS_TIMEZONE', value: 'Europe/Zurich' }
        { name: 'HOLIDAYS', value: '' }
        { name: 'REMINDER_APPROACHING_PERCENT', value: '75' }
        { name: 'REMINDER_SCHEDULE', value: '0 */2 * * * *' }
        { name: 'DIGEST_TIME', value: '08:30' }
        { name: 'ANTHROPIC_API_KEY', value: empty(anthropicApiKey) ? '' : kvRef(vault.name, secretNames.anthropicApiKey) }
        { name: 'ANTHROPIC_BASE_URL', value: '' }
        { name: 'ANTHROPIC_MODEL', value: anthropicModel }
        { name: 'ANTHROPIC_TIMEOUT_MS', value: '30000' }
        { name: 'ANTHROPIC_MAX_RETRIES', value: '2' }
        { name: 'CONFIDENCE_THRESHOLD', value: confidenceThreshold }
        { name: 'SENTRY_API_URL', value: sentryApiUrl }
        { name: 'SENTRY_ORG', value: sentryOrg }
        { name: 'SENTRY_PROJECT', value: sentryProject }
        { name: 'SENTRY_AUTH_TOKEN', value: empty(sentryAuthToken) ? '' : kvRef(vault.name, secretNames.sentryAuthToken) }
        { name: 'POSTHOG_API_URL', value: posthogApiUrl }
        { name: 'POSTHOG_PROJECT_ID', value: posthogProjectId }
        { name: 'POSTHOG_API_KEY', value: empty(posthogApiKey) ? '' : kvRef(vault.name, secretNames.posthogApiKey) }
        { name: 'ACCOUNTS_DATABASE_URL', value: empty(accountsDatabaseUrl) ? '' : kvRef(vault.name, secretNames.accountsDatabaseUrl) }
        { name: 'ENRICHMENT_TIMEOUT_MS', value: '3000' }
        { name: 'STORAGE_CONNECTION', value: kvRef(vault.name, secretNames.storageConnection) }
        { name: 'QUEUE_NAME', value: queueName }
        { name: 'SEND_QUEUE_NAME', value: sendQueueName }
        { name: 'QUEUE_MAX_DEQUEUE_COUNT', value: string(hostJson.extensions.queues.maxDequeueCount) }
        { name: 'TABLE_PREFIX', value: 'Studyflash' }
        { name: 'BOT_APP_ID', value: botAppId }
        { name: 'BOT_APP_PASSWORD', value: kvRef(vault.name, secretNames.botAppPassword) }
        { name: 'BOT_TENANT_ID', value: botTenantId }
        { name: 'TEAMS_SERVICE_URL', value: 'https://smba.trafficmanager.net/teams/' }
        { name: 'TEAMS_CHANNEL_ID', value: teamsChannelId }
        { name: 'TEAMS_TEAM_ID', value: teamsTeamId }
        { name: 'ROSTER_PATH', value: rosterPath }
        { name: 'PANE_CLIENT_ID', value: paneClientId }
        { name: 'PANE_API_URI', value: paneApiUri }
        { name: 'PANE_ALLOWED_AUDIENCES', value: paneAllowedAudiences }
        { name: 'PANE_CLIENT_SECRET', value: empty(paneClientSecret) ? '' : kvRef(vault.name, secretNames.paneClientSecret) }
        { name: 'SENTRY_DSN', value: empty(sentryDsn) ? '' : kvRef(vault.name, secretNames.sentryDsn) }
        { name: 'FUNCTIONS_BASE_URL', value: 'https://${functionHost}/api' }
      ]
    }
  }
  // Every Key Vault secret the settings reference exists before the app first starts: an unresolved
  // reference would reach the app as the literal '@Microsoft.KeyVault(…)' text (shared/config.ts
  // refuses such values, so the app would not start until the next settings reload).
  dependsOn: [
    packageContainer
    storageRoles
    vaultReader
    insightsPublisher
    secrets
    storageSecret
  ]
}

// ───────────────────────────── Azure Bot (single-tenant) + Teams channel ─────────────────────────────

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${baseName}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${functionHost}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
    disableLocalAuth: false
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

// ───────────────────────────── Outputs (no secrets) ─────────────────────────────

output functionAppName string = functionApp.name
output functionAppHost string = functionHost
output messagingEndpoint string = bot.properties.endpoint
output keyVaultName string = vault.name
output storageAccountName string = storage.name
output applicationInsightsName string = insights.name
output identityClientId string = identity.properties.clientId
