namespace P21.Connector.Push;

/// <summary>A configured push target with its platform and base URI resolved (the options were validated at start-up).</summary>
/// <param name="Name">The target's name, <c>Push:Targets:{name}</c>.</param>
/// <param name="Options">Its settings.</param>
/// <param name="BaseUri">Where its platform's calls start (<see cref="PushAddress.BaseUri"/>).</param>
internal sealed record PushTarget(string Name, PushTargetOptions Options, Uri BaseUri)
{
    /// <summary>The platform (validated: never null here).</summary>
    public PushPlatform Platform => Options.Platform ?? throw new InvalidOperationException($"Push:Targets:{Name}:Platform is required.");

    /// <summary>The P21 connection whose events this target takes.</summary>
    public string Connection => Options.Connection;

    /// <summary>The setting path of this target, for messages.</summary>
    public string SettingPath => $"{PushOptions.SectionName}:Targets:{Name}";

    /// <summary>A URI under <see cref="BaseUri"/>: <paramref name="relative"/> starts without a slash.</summary>
    public Uri Under(string relative) => new($"{BaseUri.AbsoluteUri.TrimEnd('/')}/{relative}");
}
