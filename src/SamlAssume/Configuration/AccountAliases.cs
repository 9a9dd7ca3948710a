using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SamlAssume.Configuration;

/// <summary><c>accounts.yaml</c>: <c>accounts: {"123456789012": "Alias"}</c>, so role lists show names people know.</summary>
public sealed class AccountAliases(IReadOnlyDictionary<string, string> aliases)
{
    public static readonly AccountAliases None = new(new Dictionary<string, string>());

    public string? For(string accountId) => aliases.TryGetValue(accountId, out var alias) ? alias : null;

    public int Count => aliases.Count;

    public static AccountAliases Load(string? path)
    {
        if (path is null) return None;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(Files.BoundedFile.ReadAllText(path)))
            {
                stream.Load(reader);
            }
            if (stream.Documents.Count == 0) return None;
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new InvalidInput($"{path}: expected a mapping with an \"accounts\" key");
            }
            if (!root.Children.TryGetValue(new YamlScalarNode("accounts"), out var accountsNode) || accountsNode is YamlScalarNode { Value: null or "" or "~" })
            {
                return None;
            }
            if (accountsNode is not YamlMappingNode accounts)
            {
                throw new InvalidInput($"{path}: \"accounts\" must map account ids to aliases");
            }
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in accounts.Children)
            {
                if (key is not YamlScalarNode { Value: { } id } || value is not YamlScalarNode { Value: { } alias })
                {
                    throw new InvalidInput($"{path} line {key.Start.Line}: each account must be \"id\": \"alias\"");
                }
                // An unquoted id with leading zeros is still text here: YAML scalars are kept as written.
                map[id.Trim()] = alias.Trim();
            }
            return new AccountAliases(map);
        }
        catch (YamlException e)
        {
            throw new InvalidInput($"{path} line {e.Start.Line}: not valid YAML ({FirstLine(e.Message)})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInput($"{path}: cannot be read ({e.Message})");
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
