using System.Globalization;

using P21.Connector.Commands;

namespace P21.Connector.Write;

/// <summary>
/// Puts a platform address into P21's shape: ISO 3166-1 alpha-2 country codes, ISO 3166-2 subdivision codes for the
/// US and Canada ("Texas" → TX), and P21's column widths, reporting every value it had to cut.
/// </summary>
internal static class AddressFormat
{
    /// <summary>P21's <c>address</c> and <c>oe_hdr.ship2_*</c> text columns are 50 wide; postal codes 10.</summary>
    public const int LineWidth = 50;

    /// <summary>The width of P21's postal code columns.</summary>
    public const int PostalWidth = 10;

    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["United States"] = "US",
        ["United States of America"] = "US",
        ["USA"] = "US",
        ["U.S.A."] = "US",
        ["U.S."] = "US",
        ["Canada"] = "CA",
        ["Mexico"] = "MX",
        ["México"] = "MX",
        ["United Kingdom"] = "GB",
        ["Great Britain"] = "GB",
        ["Australia"] = "AU",
        ["Germany"] = "DE",
        ["France"] = "FR",
    };

    private static readonly Dictionary<string, string> UsStates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alabama"] = "AL",
        ["Alaska"] = "AK",
        ["Arizona"] = "AZ",
        ["Arkansas"] = "AR",
        ["California"] = "CA",
        ["Colorado"] = "CO",
        ["Connecticut"] = "CT",
        ["Delaware"] = "DE",
        ["District of Columbia"] = "DC",
        ["Florida"] = "FL",
        ["Georgia"] = "GA",
        ["Hawaii"] = "HI",
        ["Idaho"] = "ID",
        ["Illinois"] = "IL",
        ["Indiana"] = "IN",
        ["Iowa"] = "IA",
        ["Kansas"] = "KS",
        ["Kentucky"] = "KY",
        ["Louisiana"] = "LA",
        ["Maine"] = "ME",
        ["Maryland"] = "MD",
        ["Massachusetts"] = "MA",
        ["Michigan"] = "MI",
        ["Minnesota"] = "MN",
        ["Mississippi"] = "MS",
        ["Missouri"] = "MO",
        ["Montana"] = "MT",
        ["Nebraska"] = "NE",
        ["Nevada"] = "NV",
        ["New Hampshire"] = "NH",
        ["New Jersey"] = "NJ",
        ["New Mexico"] = "NM",
        ["New York"] = "NY",
        ["North Carolina"] = "NC",
        ["North Dakota"] = "ND",
        ["Ohio"] = "OH",
        ["Oklahoma"] = "OK",
        ["Oregon"] = "OR",
        ["Pennsylvania"] = "PA",
        ["Rhode Island"] = "RI",
        ["South Carolina"] = "SC",
        ["South Dakota"] = "SD",
        ["Tennessee"] = "TN",
        ["Texas"] = "TX",
        ["Utah"] = "UT",
        ["Vermont"] = "VT",
        ["Virginia"] = "VA",
        ["Washington"] = "WA",
        ["West Virginia"] = "WV",
        ["Wisconsin"] = "WI",
        ["Wyoming"] = "WY",
        ["Puerto Rico"] = "PR",
        ["Guam"] = "GU",
        ["U.S. Virgin Islands"] = "VI",
        ["American Samoa"] = "AS",
        ["Northern Mariana Islands"] = "MP",
        ["Armed Forces Americas"] = "AA",
        ["Armed Forces Europe"] = "AE",
        ["Armed Forces Pacific"] = "AP",
    };

    private static readonly Dictionary<string, string> CanadianProvinces = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alberta"] = "AB",
        ["British Columbia"] = "BC",
        ["Manitoba"] = "MB",
        ["New Brunswick"] = "NB",
        ["Newfoundland and Labrador"] = "NL",
        ["Nova Scotia"] = "NS",
        ["Northwest Territories"] = "NT",
        ["Nunavut"] = "NU",
        ["Ontario"] = "ON",
        ["Prince Edward Island"] = "PE",
        ["Quebec"] = "QC",
        ["Québec"] = "QC",
        ["Saskatchewan"] = "SK",
        ["Yukon"] = "YT",
    };

    /// <summary>The ISO 3166-1 alpha-2 code of <paramref name="country"/>, or the text as sent when it is not a known name.</summary>
    public static string? Country(string? country)
    {
        string? text = country?.Trim();
        return string.IsNullOrEmpty(text) ? null
            : text.Length == 2 ? text.ToUpperInvariant()
            : Countries.TryGetValue(text, out string? code) ? code : text;
    }

    /// <summary>The ISO 3166-2 subdivision code (without the country prefix) of a US state or Canadian province name.</summary>
    public static string? Region(string? region, string? country)
    {
        string? text = region?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // "US-TX" (ISO 3166-2 with its prefix) is what some feeds send.
        if (text.Length == 5 && text[2] == '-')
        {
            return text[3..].ToUpperInvariant();
        }

        string? iso = Country(country) ?? "US";
        Dictionary<string, string>? names = iso switch { "US" => UsStates, "CA" => CanadianProvinces, _ => null };
        return text.Length == 2 ? text.ToUpperInvariant()
            : names is not null && names.TryGetValue(text, out string? code) ? code : text;
    }

    /// <summary><paramref name="address"/> with codes normalized; every value cut to P21's width is named in <paramref name="notices"/>.</summary>
    public static PostalAddress ForP21(PostalAddress address, string role, List<string> notices)
    {
        string? country = Country(address.Country);
        return address with
        {
            Name = Fit(address.Name, LineWidth, $"{role} name", notices),
            Company = Fit(address.Company, LineWidth, $"{role} company", notices),
            Line1 = Fit(address.Line1, LineWidth, $"{role} address line 1", notices),
            Line2 = Fit(address.Line2, LineWidth, $"{role} address line 2", notices),
            Line3 = Fit(address.Line3, LineWidth, $"{role} address line 3", notices),
            City = Fit(address.City, LineWidth, $"{role} city", notices),
            Region = Fit(Region(address.Region, country), LineWidth, $"{role} state", notices),
            PostalCode = Fit(address.PostalCode, PostalWidth, $"{role} postal code", notices),
            Country = country,
        };
    }

    /// <summary>The text cut to <paramref name="width"/>, with a notice when it was longer.</summary>
    public static string? Fit(string? text, int width, string what, List<string> notices)
    {
        string? trimmed = text?.Trim();
        if (trimmed is null || trimmed.Length <= width)
        {
            return string.IsNullOrEmpty(trimmed) ? null : trimmed;
        }

        notices.Add(string.Create(CultureInfo.InvariantCulture, $"{what} cut to {width} characters (was {trimmed.Length})"));
        return trimmed[..width].TrimEnd();
    }

    /// <summary>
    /// The key two addresses match on: line 1, line 2, city, state, postal code and country, upper-cased letters and
    /// digits only. US ZIP+4 compares as its 5 digits (platforms and P21 keep either).
    /// </summary>
    public static string MatchKey(string? line1, string? line2, string? city, string? region, string? postalCode, string? country)
    {
        string iso = Country(country) ?? "US";
        string postal = Squash(postalCode);
        if (iso == "US" && postal.Length == 9 && postal.All(char.IsAsciiDigit))
        {
            postal = postal[..5];
        }

        return string.Join('|', Squash(line1), Squash(line2), Squash(city), Squash(Region(region, iso)), postal, iso);
    }

    private static string Squash(string? text) => new([.. (text ?? "").ToUpperInvariant().Where(char.IsLetterOrDigit)]);
}
