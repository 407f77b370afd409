metadata description = 'Parameter shapes shared by main.bicep and main.subscription.bicep.'

@export()
@description('One P21 installation the connector talks to. Holds the NAME of its Key Vault secret, never the secret itself.')
@sealed()
type p21Connection = {
  @description('Connection name: letters and digits only (it becomes part of app setting names and table keys), e.g. "main".')
  @minLength(1)
  @maxLength(32)
  name: string

  @description('Base URL of the P21 middleware, e.g. https://p21.example.com (the host that serves /api and /odataservice).')
  @minLength(8)
  baseUrl: string

  @description('How the connector signs in: UserPassword (v2 token, user + password), ConsumerKey (v2 token, consumer key), LegacyHeaders (v1).')
  authMode: ('UserPassword' | 'ConsumerKey' | 'LegacyHeaders')

  @description('P21 user name (UserPassword and LegacyHeaders; optional "act as" user for ConsumerKey).')
  userName: string?

  @description('Key Vault secret name that holds the password or consumer key, e.g. p21-main-password. Letters, digits and hyphens.')
  @minLength(1)
  @maxLength(127)
  secretName: string

  @description('The P21 server\'s offset from UTC as a .NET TimeSpan, e.g. -05:00:00. Default 00:00:00.')
  serverUtcOffset: string?
}

@export()
@description('6-field NCRONTAB schedules (second minute hour day month day-of-week) per polled entity; any entity left out keeps its default.')
@sealed()
type pollScheduleOverrides = {
  Customers: string?
  Items: string?
  Inventory: string?
  Prices: string?
  Vendors: string?
  PurchaseOrders: string?
  SalesOrders: string?
  Shipments: string?
  Invoices: string?
}

@export()
@description('Who deploys and may set the P21 secret in Key Vault (Key Vault Secrets Officer). Empty principalId grants nothing.')
@sealed()
type deployerPrincipal = {
  @description('Object id of the deploying user, group or service principal (az ad signed-in-user show --query id -o tsv).')
  principalId: string

  @description('Kind of principal behind principalId.')
  principalType: ('User' | 'Group' | 'ServicePrincipal')
}

@export()
@description('Resource tags: string values only.')
type tagSet = {
  *: string
}

@export()
@description('A storefront platform the push flow updates (flow 4): Service Bus subscription push-{platform} and function Push{Platform}.')
type pushPlatform = ('Shopify' | 'BigCommerce' | 'WooCommerce' | 'Amazon')

@export()
@description('An Amazon seller the order pull reads (Selling Partner API). The LWA client secret and the refresh token are Key Vault secrets; only their names are here.')
type amazonSeller = {
  @description('Selling region: na (North America, Brazil), eu (Europe, Middle East, India) or fe (Singapore, Australia, Japan).')
  region: ('na' | 'eu' | 'fe')

  @description('LWA client id of the SP-API application (amzn1.application-oa2-client....).')
  clientId: string

  @description('Marketplaces whose orders are read, e.g. ATVPDKIKX0DER (amazon.com).')
  @minLength(1)
  marketplaceIds: string[]

  @description('Key Vault secret holding the LWA client secret.')
  lwaSecretName: string?

  @description('Key Vault secret holding the seller\'s refresh token (Atzr|...).')
  refreshTokenSecretName: string?

  @description('Read buyer and address through a restricted data token (the app needs Amazon\'s PII roles).')
  restrictedData: bool?
}
