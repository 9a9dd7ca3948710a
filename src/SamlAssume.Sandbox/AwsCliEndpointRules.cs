namespace SamlAssume.Sandbox;

/// <summary>
/// Points every STS client inside AWS CLI 2.9 at the sandbox — including the one its assume-role provider makes for
/// role_arn + source_profile, which ignores --endpoint-url, and AWS_ENDPOINT_URL_STS (not read before CLI 2.13).
/// botocore loads data files from AWS_DATA_PATH before its own (awscli/botocore/loaders.py), so an
/// sts/2011-06-15/endpoint-rule-set-1.json there replaces STS's endpoint rules: an explicit --endpoint-url still wins,
/// otherwise the sandbox.
/// </summary>
public static class AwsCliEndpointRules
{
    /// <summary>Writes the rule set under <paramref name="dataPath"/> (what <c>sandbox --aws-cli-data-dir</c> does).</summary>
    /// <returns>The file written.</returns>
    public static string WriteTo(string dataPath, Uri sandbox)
    {
        var directory = Path.Combine(dataPath, "sts", "2011-06-15");
        Directory.CreateDirectory(directory);
        var rules = """
        {
          "version": "1.0",
          "parameters": {
            "Region": { "builtIn": "AWS::Region", "required": false, "type": "String" },
            "UseDualStack": { "builtIn": "AWS::UseDualStack", "required": true, "default": false, "type": "Boolean" },
            "UseFIPS": { "builtIn": "AWS::UseFIPS", "required": true, "default": false, "type": "Boolean" },
            "Endpoint": { "builtIn": "SDK::Endpoint", "required": false, "type": "String" },
            "UseGlobalEndpoint": { "builtIn": "AWS::STS::UseGlobalEndpoint", "required": true, "default": false, "type": "Boolean" }
          },
          "rules": [
            { "conditions": [ { "fn": "isSet", "argv": [ { "ref": "Endpoint" } ] } ],
              "endpoint": { "url": { "ref": "Endpoint" }, "properties": {}, "headers": {} }, "type": "endpoint" },
            { "conditions": [], "endpoint": { "url": "SANDBOX", "properties": {}, "headers": {} }, "type": "endpoint" }
          ]
        }
        """.Replace("SANDBOX", sandbox.ToString().TrimEnd('/'));
        var file = Path.Combine(directory, "endpoint-rule-set-1.json");
        File.WriteAllText(file, rules);
        return file;
    }

    /// <returns>The directory to put in AWS_DATA_PATH: <paramref name="root"/>/aws-data.</returns>
    public static string Write(string root, Uri sandbox)
    {
        var dataPath = Path.Combine(root, "aws-data");
        WriteTo(dataPath, sandbox);
        return dataPath;
    }
}
