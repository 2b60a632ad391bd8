namespace WebApiSample.Authentication;

/// <summary>One entry of <c>Authentication:Schemes:Bearer:SigningKeys</c>: a symmetric key for tokens of one issuer.</summary>
/// <param name="Path">The entry's configuration path, for messages (e.g. <c>Authentication:Schemes:Bearer:SigningKeys:0</c>).</param>
/// <param name="Issuer">The issuer whose tokens the key signs.</param>
/// <param name="Value">The key, in base64.</param>
internal sealed record BearerSigningKey(string Path, string? Issuer, string? Value)
{
    /// <summary>The shortest key HMAC-SHA256 accepts: 256 bits.</summary>
    public const int MinimumBytes = 32;

    /// <summary>The key's bytes.</summary>
    /// <exception cref="InvalidOperationException">The value is missing, not base64, or shorter than <see cref="MinimumBytes"/>.</exception>
    public byte[] Decode()
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(Value ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{Path}:Value is not base64. Generate a key with `openssl rand -base64 32`.");
        }

        return bytes.Length >= MinimumBytes
            ? bytes
            : throw new InvalidOperationException(
                $"{Path}:Value is {bytes.Length} bytes; HMAC-SHA256 needs at least {MinimumBytes}. Generate a key with `openssl rand -base64 32`.");
    }
}
