namespace CryptoTracker.Api.Configuration;

/// <summary>The settings' values as users write them and health shows them: lower-case (kraken, dynamodb, collector).</summary>
public static class ConfigNames
{
    public static string Name<TEnum>(this TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>The accepted values of an enum setting, as users write them.</summary>
    public static string Choices<TEnum>() where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(v => v.Name()));

    /// <summary>
    /// Reads an enum setting, naming the key and the accepted values when it is not one of them (the binder's own message
    /// names the CLR type instead). Numbers are refused: "1" is not a source.
    /// </summary>
    public static TEnum Parse<TEnum>(IConfiguration section, string key, TEnum fallback, List<string> errors) where TEnum : struct, Enum
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!raw.Trim().All(char.IsAsciiDigit) && Enum.TryParse<TEnum>(raw.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        errors.Add($"{(section is IConfigurationSection s ? s.Path + ":" : "")}{key} must be one of {Choices<TEnum>()} (got '{raw}').");
        return fallback;
    }
}
