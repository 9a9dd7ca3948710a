using System.CommandLine;
using System.Text.Json;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Settings;
using SamlAssume.Sources.IamUser;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume list [--json]</c> (aws-vault's <c>list</c>): every profile the profile commands can serve
/// (<see cref="ServableProfiles"/>), where its credentials come from, its role, and what the cache holds for it —
/// read from the files and the cache alone: no sign-in, no keyring, no network.
/// </summary>
public sealed class ListCommand : SamlAssumeCommand
{
    private readonly Option<string?> configDirectory = SharedOptions.ConfigDirectory();
    private readonly Option<bool> json = new("--json") { Description = "Print the profiles as JSON (profile, source, from, role, credentials, expiration)" };

    public ListCommand(CommandContext context) : this(context, SharedOptions.Verbose())
    {
    }

    private ListCommand(CommandContext context, Option<bool> verbose)
        : base(context, "list", "List the profiles SamlAssume can serve, their source and role, and their cached credentials", verbose) =>
        Add(configDirectory, json, verbose);

    private sealed record Row(ServableProfile Profile, string State, DateTimeOffset? Expiration);

    protected override Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var paths = CachePaths.For(Context.Environment, Context.HomeDirectory);
        var credentials = new CredentialCache(paths);
        var sessions = new MfaSessionCache(paths);
        var now = Context.Clock.GetUtcNow();
        var rows = ServableProfiles.Read(Context, result.GetValue(configDirectory)).Select(p =>
        {
            var cached = p.Kind == "iam-user" ? sessions.Read(p.Name) : credentials.Read(p.Name);
            var state = cached is null ? "none" : cached.Expiration > now ? "valid" : "expired";
            return new Row(p, state, cached?.Expiration);
        }).ToList();
        if (result.GetValue(json)) WriteJson(rows);
        else WriteTable(rows, now);
        Context.Out.Flush();
        if (rows.Count == 0) log.Step("No profiles: add one to onelogin.aws.json (see `samlassume login --help`) or an IAM-user role profile to ~/.aws/config.");
        return Task.FromResult(ExitCodes.Ok);
    }

    private void WriteTable(IReadOnlyList<Row> rows, DateTimeOffset now)
    {
        if (rows.Count == 0) return;
        var table = rows.Select(r => new[]
        {
            r.Profile.Name,
            r.Profile.Kind switch { "iam-role" => $"iam-user [{r.Profile.From}]", "iam-user" => "iam-user keys (MFA session)", _ => r.Profile.Kind },
            r.Profile.Role ?? (r.Profile.Kind == "iam-user" ? "-" : "(chosen at sign-in)"),
            r.State switch
            {
                "valid" => $"valid until {UtcSeconds.Format(r.Expiration!.Value)} ({Remaining(r.Expiration.Value - now)})",
                "expired" => $"expired {UtcSeconds.Format(r.Expiration!.Value)}",
                _ => "none",
            },
        }).Prepend(["PROFILE", "SOURCE", "ROLE", "CREDENTIALS"]).ToList();
        var widths = Enumerable.Range(0, 3).Select(i => table.Max(row => row[i].Length)).ToArray();
        foreach (var row in table)
        {
            Context.Out.WriteLine($"{row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}");
        }
    }

    private static string Remaining(TimeSpan left) =>
        left.TotalHours >= 1 ? $"{(int)left.TotalHours} h {left.Minutes} min left" : $"{Math.Max(0, (int)left.TotalMinutes)} min left";

    private void WriteJson(IReadOnlyList<Row> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("profile", row.Profile.Name);
                writer.WriteString("source", row.Profile.Kind);
                writer.WriteString("from", row.Profile.From);
                writer.WriteString("role", row.Profile.Role);
                writer.WriteString("credentials", row.State);
                if (row.Expiration is { } expiration) writer.WriteString("expiration", UtcSeconds.Format(expiration));
                else writer.WriteNull("expiration");
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        Context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
