namespace SamlAssume.Sandbox;

/// <summary>RFC 4648 base32 decoding for TOTP secrets (case-insensitive, padding and spaces ignored).</summary>
internal static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[] Decode(string text)
    {
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is '=' or ' ' or '-') continue;
            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw));
            if (value < 0) throw new FormatException($"'{raw}' is not a base32 character.");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return output.ToArray();
    }

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new System.Text.StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars.Append(Alphabet[(buffer >> bits) & 31]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) chars.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return chars.ToString();
    }
}
