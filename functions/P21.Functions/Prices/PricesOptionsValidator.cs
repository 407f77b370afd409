using Microsoft.Extensions.Options;

namespace P21.Functions.Prices;

/// <summary>Source-generated DataAnnotations check of <see cref="PricesOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class PricesOptionsValidator : IValidateOptions<PricesOptions>;
