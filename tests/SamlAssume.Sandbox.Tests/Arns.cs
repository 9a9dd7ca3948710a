namespace SamlAssume.Sandbox.Tests;

internal static class Arns
{
    public static string Role(string account, string role) => $"arn:aws:iam::{account}:role/{role}";
    public static string Provider(string account) => $"arn:aws:iam::{account}:saml-provider/onelogin";
}
