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

    /// <summary>Whether this target pushes <paramref name="entity"/> (a <see cref="PushEntities"/> name).</summary>
    public bool Pushes(string entity) => Options.Pushes(entity);

    /// <summary>Whether <paramref name="change"/> is of <paramref name="type"/> and from this target's P21 connection.</summary>
    public bool Takes(Events.ChangeEvent change, string type) =>
        change.Type == type && change.Source.StartsWith($"p21://{Uri.EscapeDataString(Connection)}/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The target named <paramref name="targetName"/> in <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">No target has that name, or its address is not valid.</exception>
    public static PushTarget Resolve(PushOptions options, string targetName)
    {
        if (!options.Targets.TryGetValue(targetName, out var target) || target?.Platform is not { } platform)
        {
            throw new ArgumentException($"No push target '{targetName}' is configured (Push:Targets:{targetName}).", nameof(targetName));
        }

        var baseUri = PushAddress.BaseUri(platform, target.Address, out string? error)
            ?? throw new ArgumentException($"Push:Targets:{targetName}:Address {error}", nameof(targetName));
        return new PushTarget(targetName, target, baseUri);
    }

    /// <summary>A URI under <see cref="BaseUri"/>: <paramref name="relative"/> starts without a slash.</summary>
    public Uri Under(string relative) => new($"{BaseUri.AbsoluteUri.TrimEnd('/')}/{relative}");
}
