using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace P21.Connector.Storage;

/// <summary>
/// Turns any string (connection names, entity keys, item ids with <c>/ + # &amp;</c>) into a Table Storage key part.
/// </summary>
/// <remarks>
/// Table Storage forbids <c>/ \ # ?</c> and control characters in PartitionKey and RowKey. Each forbidden character,
/// the escape character <c>%</c> itself and the part separator <c>|</c> become <c>%XX</c>; a lone surrogate becomes
/// <c>%uXXXX</c>. Because <c>%</c> is always escaped the mapping is injective, and a joined key can never be confused
/// with another one. Encoded parts longer than <see cref="MaxPartLength"/> keep a readable prefix followed by
/// <c>%~</c> and 128 bits of SHA-256 of the original, so keys of any length stay inside the 1 KiB key limit;
/// stores keep the original text in a property, so hashed parts never need decoding.
/// </remarks>
public static class TableKey
{
    /// <summary>The separator between encoded parts of a composite key; never produced inside an encoded part.</summary>
    public const char Separator = '|';

    /// <summary>Longest encoded part kept verbatim; three hashed parts still fit in one 512-character key.</summary>
    public const int MaxPartLength = 160;

    // Prefix + marker + 32 hex digits = MaxPartLength, so hashed and verbatim parts share one bound.
    private const int HashedPrefixLength = MaxPartLength - 2 - 32;
    private const string HashMarker = "%~";

    /// <summary>Encodes one key part.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!NeedsEscaping(value))
        {
            return value.Length <= MaxPartLength ? value : Hashed(value, value);
        }

        var builder = new StringBuilder(value.Length + 16);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append("%u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (IsEscaped(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        string encoded = builder.ToString();
        return encoded.Length <= MaxPartLength ? encoded : Hashed(value, encoded);
    }

    /// <summary>Encodes each part and joins them with <see cref="Separator"/>.</summary>
    public static string Join(params ReadOnlySpan<string> parts)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(Separator);
            }

            builder.Append(Encode(parts[i]));
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Encode"/> for parts that were not shortened by hashing.</summary>
    /// <exception cref="FormatException">The part is malformed or was hashed.</exception>
    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Contains(HashMarker, StringComparison.Ordinal))
        {
            throw new FormatException("The key part was shortened with a hash; read the original from the entity's properties.");
        }

        var builder = new StringBuilder(encoded.Length);
        for (int i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != '%')
            {
                builder.Append(encoded[i]);
                continue;
            }

            bool wide = i + 1 < encoded.Length && encoded[i + 1] == 'u';
            int start = wide ? i + 2 : i + 1;
            int digits = wide ? 4 : 2;
            if (start + digits > encoded.Length
                || !int.TryParse(encoded.AsSpan(start, digits), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out int code))
            {
                throw new FormatException($"Malformed escape at position {i} of a table key.");
            }

            builder.Append((char)code);
            i = start + digits - 1;
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="key"/> contains no character Table Storage rejects in a key.</summary>
    public static bool IsTableSafe(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (int i = 0; i < key.Length; i++)
        {
            char c = key[i];
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEscaped(char c) => c is '%' or Separator or '/' or '\\' or '#' or '?' || char.IsControl(c);

    private static bool NeedsEscaping(string value)
    {
        foreach (char c in value)
        {
            if (IsEscaped(c) || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Hashed(string original, string encoded)
    {
        int prefix = HashedPrefixLength;
        if (char.IsHighSurrogate(encoded[prefix - 1]))
        {
            prefix--;
        }

        // Hash the UTF-16 code units, not UTF-8: lone surrogates would otherwise collapse to U+FFFD.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(original.AsSpan()), hash);
        return string.Concat(encoded.AsSpan(0, prefix), HashMarker, Convert.ToHexStringLower(hash[..16]));
    }
}
