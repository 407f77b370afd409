using Microsoft.Extensions.Options;

namespace P21.Connector.Intake;

/// <summary>Source-generated DataAnnotations check of <see cref="IntakeOptions"/> (and its per-source sections) at start-up.</summary>
[OptionsValidator]
internal sealed partial class IntakeOptionsValidator : IValidateOptions<IntakeOptions>;
