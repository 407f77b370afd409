using Microsoft.Extensions.Options;

namespace P21.Connector.Write;

/// <summary>Validates <see cref="WriterOptions"/> at start-up from its DataAnnotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class WriterOptionsValidator : IValidateOptions<WriterOptions>;
