using System.Text.RegularExpressions;

namespace SamlAssume.Aws.Sessions;

/// <summary>What an IAM role ARN looks like: arn:PARTITION:iam::ACCOUNT:role/PATH/NAME with IAM's own characters.</summary>
public static partial class IamRoleArn
{
    /// <summary>STS's limit on RoleArn.</summary>
    public const int MaxLength = 2048;

    public static bool IsValid(string text) => text.Length <= MaxLength && Pattern().IsMatch(text);

    /// <summary>The text for a message: at most 100 characters of it.</summary>
    public static string Shown(string text) => text.Length <= 100 ? text : text[..100] + "…";

    [GeneratedRegex(@"\Aarn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
