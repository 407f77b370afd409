using System.Text.RegularExpressions;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace P21.Connector.Settings;

/// <summary>
/// Wraps a DataAnnotations validator (source-generated) so every failure names the setting an operator edits:
/// <c>The Writer:DefaultBranch field is required (app setting Writer__DefaultBranch).</c> rather than the options
/// type's member (<c>WriterOptions.DefaultBranch</c>), which appears nowhere in local.settings.json or the portal.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="section">The configuration section the options are bound to, e.g. <c>Writer</c>.</param>
/// <param name="inner">The generated validator.</param>
public sealed class SettingPathValidator<TOptions>(string section, IValidateOptions<TOptions> inner) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = inner.Validate(name, options);
        return result.Failed ? ValidateOptionsResult.Fail(result.Failures.Select(f => SettingPaths.Qualify(section, typeof(TOptions).Name, f))) : result;
    }
}

/// <summary>Registers a <see cref="SettingPathValidator{TOptions}"/> around a generated validator.</summary>
public static class SettingPathValidation
{
    /// <summary>Adds <paramref name="validator"/> for <typeparamref name="TOptions"/>, its failures naming settings under <paramref name="section"/>.</summary>
    public static IServiceCollection AddSettingPathValidator<TOptions>(this IServiceCollection services, string section, IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SettingPathValidator<TOptions>(section, validator)));
        return services;
    }
}

/// <summary>Rewrites a generated DataAnnotations failure (<c>Member: message</c>) to name the setting path.</summary>
internal static partial class SettingPaths
{
    public static string Qualify(string section, string typeName, string failure)
    {
        var match = MemberFailure().Match(failure);
        if (!match.Success)
        {
            return $"{section}: {failure}";
        }

        // The message's display name holds the whole path (IntakeOptions.Shopify.SecretName); the prefix only the leaf.
        string message = match.Groups["message"].Value;
        var display = Regex.Match(message, $@"\b{Regex.Escape(typeName)}\.(?<path>[A-Za-z0-9_.]+[A-Za-z0-9_])", RegexOptions.CultureInvariant);
        string path = display.Success ? display.Groups["path"].Value : match.Groups["member"].Value;
        string key = $"{section}:{path.Replace('.', ':')}";
        if (display.Success)
        {
            message = message.Replace(display.Value, key, StringComparison.Ordinal);
        }

        return $"{message.TrimEnd('.')} (app setting {key.Replace(":", "__", StringComparison.Ordinal)}).";
    }

    [GeneratedRegex(@"^(?<member>[A-Za-z_][A-Za-z0-9_.]*): (?<message>.+)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MemberFailure();
}
