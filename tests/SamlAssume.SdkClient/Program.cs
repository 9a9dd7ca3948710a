using System.Globalization;
using System.Reflection;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

// Usage: SamlAssume.SdkClient STS_URL, then one line per call on stdin: "call <ISO 8601 time>" → one line on stdout,
// the caller's ARN or "error <type>: <message>". The time given becomes the SDK's clock, so its credential refresh
// decisions (expired 1 min before Expiration, background refresh 15 min before) follow the test's fake clock, as the
// serving samlassume and the sandbox do. The SDK keeps no other state between calls than it would in an app.
var now = DateTime.UtcNow;
// AWSConfigs.utcNowSource is the SDK's one clock (AWSSDKUtils.CorrectedUtcNow reads it); internal, so set by reflection.
var clock = typeof(Amazon.AWSConfigs).GetField("utcNowSource", BindingFlags.Static | BindingFlags.NonPublic)
    ?? throw new InvalidOperationException("AWSConfigs.utcNowSource not found: the SDK changed");
clock.SetValue(null, new Func<DateTime>(() => now));

using var sts = new AmazonSecurityTokenServiceClient(new AmazonSecurityTokenServiceConfig
{
    ServiceURL = args[0],
    AuthenticationRegion = "eu-west-1",
    MaxErrorRetry = 0,
});
while (Console.ReadLine() is { } line)
{
    var parts = line.Split(' ', 2);
    if (parts[0] != "call") break;
    now = DateTime.Parse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    try
    {
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Console.WriteLine(identity.Arn);
    }
    catch (Exception e)
    {
        Console.WriteLine($"error {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
    }
    Console.Out.Flush();
}
