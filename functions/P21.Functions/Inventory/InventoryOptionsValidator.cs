using Microsoft.Extensions.Options;

namespace P21.Functions.Inventory;

/// <summary>Source-generated DataAnnotations check of <see cref="InventoryOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class InventoryOptionsValidator : IValidateOptions<InventoryOptions>;
