// Parameters for main.bicep. azd reads this file (azure.yaml: infra.module main) and fills each value from the
// azd environment (`azd env set NAME value`), so nothing here is edited per deployment. Never put a secret here:
// P21 passwords / consumer keys go into Key Vault after deployment (docs/deploy.md).
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'dev')

param location = readEnvironmentVariable('AZURE_LOCATION', 'eastus2')

// JSON array, e.g.
// [{"name":"main","baseUrl":"https://p21.example.com","authMode":"UserPassword","userName":"api_user","secretName":"p21-main-password","serverUtcOffset":"-05:00:00"}]
param p21Connections = json(readEnvironmentVariable('P21_CONNECTIONS', '[]'))

// JSON object of overrides, e.g. {"Inventory":"0 */2 * * * *"}; entities left out keep their defaults.
param pollSchedules = json(readEnvironmentVariable('P21_POLL_SCHEDULES', '{}'))

// JSON array of storefront platforms the push flow updates, e.g. ["Shopify"]; empty = no push subscriptions.
param pushPlatforms = json(readEnvironmentVariable('P21_PUSH_PLATFORMS', '[]'))

// JSON object of the Amazon seller whose orders are pulled, e.g.
// {"region":"na","clientId":"amzn1.application-oa2-client.…","marketplaceIds":["ATVPDKIKX0DER"]}; empty = no Amazon pull.
param amazon = empty(readEnvironmentVariable('P21_AMAZON', ''))
  ? null
  : json(readEnvironmentVariable('P21_AMAZON', '{}'))

// JSON array of CIDR ranges, e.g. ["203.0.113.0/24"]; empty = open.
param allowedCidrs = json(readEnvironmentVariable('P21_ALLOWED_CIDRS', '[]'))

param enablePrivateEndpoints = bool(readEnvironmentVariable('P21_ENABLE_PRIVATE_ENDPOINTS', 'false'))

param keyVaultPublicNetworkAccess = readEnvironmentVariable('P21_KEYVAULT_PUBLIC_ACCESS', 'Enabled') == 'Disabled'
  ? 'Disabled'
  : 'Enabled'

// azd sets AZURE_PRINCIPAL_ID to the signed-in user's object id; empty grants nothing.
param deployer = empty(readEnvironmentVariable('AZURE_PRINCIPAL_ID', ''))
  ? null
  : {
      principalId: readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
      principalType: readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User') == 'ServicePrincipal'
        ? 'ServicePrincipal'
        : 'User'
    }

// 512, 2048 or 4096; anything else falls back to 2048.
param instanceMemoryMB = readEnvironmentVariable('P21_INSTANCE_MEMORY_MB', '2048') == '512'
  ? 512
  : readEnvironmentVariable('P21_INSTANCE_MEMORY_MB', '2048') == '4096' ? 4096 : 2048

param maximumInstanceCount = int(readEnvironmentVariable('P21_MAXIMUM_INSTANCE_COUNT', '40'))
