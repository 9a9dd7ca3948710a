namespace SamlAssume.Login;

/// <summary>A role asked for by ARN (serve's <c>/role-arn/ARN</c>) that the credentials at the source do not open.</summary>
public sealed class UnknownRoleException(string roleArn, string from) : Exception($"{roleArn} is not among the roles of {from}")
{
    public string RoleArn { get; } = roleArn;
    public string From { get; } = from;
}
