using SamlAssume.Aws;

// Usage: SamlAssume.CredentialsWriter <file> <writer-id> <writes> <profiles> [padding-bytes]
// Prints "ready", waits for one line on stdin (the start signal, so many writers really overlap), then writes.
// Write n of writer w goes to profile "shared-<(w + n) % profiles>" and sets:
//   w<id> = <n>                     (only this writer sets this key: a lost update shows as an older n)
//   aws_access_key_id, aws_secret_access_key, aws_session_token = "W<id>N<n>"   (one write's values, never mixed)
//   padding = <padding-bytes> characters then "W<id>N<n>"  (makes each write large, so a kill can land mid-write)
// writes = 0 means "until killed".
var path = args[0];
var id = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var writes = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var profiles = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var padding = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0;

Console.Out.WriteLine("ready");
Console.Out.Flush();
Console.In.ReadLine();

var file = new CredentialsFile(path);
for (var n = 0; writes == 0 || n < writes; n++)
{
    var token = $"W{id}N{n}";
    var values = new List<KeyValuePair<string, string>>
    {
        new($"w{id}", n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("aws_access_key_id", token),
        new("aws_secret_access_key", token),
        new("aws_session_token", token),
    };
    if (padding > 0) values.Add(new("padding", new string('x', padding) + token));
    file.WriteProfile($"shared-{(id + n) % profiles}", values);
    if (writes == 0)
    {
        Console.Out.WriteLine(token); // the parent knows which writes completed
        Console.Out.Flush();
    }
}
return 0;
