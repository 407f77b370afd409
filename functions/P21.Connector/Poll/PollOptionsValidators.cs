using Microsoft.Extensions.Options;

using P21.Connector.Events;
using P21.Connector.Poll.Availability;
using P21.Connector.Poll.Pricing;

namespace P21.Connector.Poll;

/// <summary>Source-generated DataAnnotations check of <see cref="PollOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class PollOptionsValidator : IValidateOptions<PollOptions>;

/// <summary>Source-generated DataAnnotations check of <see cref="AvailabilityOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class AvailabilityOptionsValidator : IValidateOptions<AvailabilityOptions>;

/// <summary>Source-generated DataAnnotations check of <see cref="PricingOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class PricingOptionsValidator : IValidateOptions<PricingOptions>;

/// <summary>Source-generated DataAnnotations check of <see cref="WebhookSinkOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class WebhookSinkOptionsValidator : IValidateOptions<WebhookSinkOptions>;
