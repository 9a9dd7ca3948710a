using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// The fast path of <c>samlassume credential-process</c>: every AWS command with a <c>credential_process</c>
/// profile starts us once, so a cache hit must cost little more than starting .NET. Program tries this before the
/// command tree exists; it answers only the plain form (<c>credential-process --profile NAME</c> with the options
/// that do not change a hit) when the cache has more than --min-remaining left, and says "not mine" for anything
/// else — a miss, --verbose, --help, an option it does not know, a value it would have to guess about — so the full
/// command line handles it, with the same output. The cache path and the hit rule are the full path's own
/// (<see cref="CachePaths"/>, <see cref="CredentialCache.ReadFresh"/>, <see cref="CredentialExpiry"/>).
/// It touches no type from System.CommandLine, Spectre.Console, the AWS SDK or System.Net.Http, so none is loaded
/// (tests/SamlAssume.Tests/Commands/CachedCredentialProcessTests checks the loaded assemblies of the real process).
/// </summary>
public static class CachedCredentialProcess
{
    /// <summary>What the plain form said: the profile and --min-remaining in minutes.</summary>
    public readonly record struct Request(string Profile, int MinRemainingMinutes, string? ConfigDirectory = null);

    /// <summary>
    /// Writes the cached JSON to <paramref name="stdout"/> and returns the exit code if the cache answers; null when
    /// the full command line must run (nothing has been written then).
    /// </summary>
    /// <param name="currentDirectory">Where onelogin.aws.json is looked for after -c (the settings' files are fingerprinted).</param>
    public static int? TryServe(string[] args, ProcessEnvironment environment, string homeDirectory, string currentDirectory, TimeProvider clock,
        Stream stdout, Func<TextWriter> stderr)
    {
        if (Parse(args) is not { } request) return null;
        if (CredentialExpiry.MinRemaining(request.MinRemainingMinutes) is not { } minRemaining) return null;
        var cache = new CredentialCache(CachePaths.For(environment, homeDirectory));
        if (cache.ReadFresh(request.Profile, clock.GetUtcNow(), minRemaining) is not { } hit) return null;
        // Served only while the files its settings came from are unchanged: otherwise the full path resolves them and
        // serves the entry only if they still name the same role and user (a changed role is a miss there).
        if (hit.Inputs is null || hit.Settings is null
            || SettingsInputs.Of(request.ConfigDirectory, currentDirectory, homeDirectory, name => environment[name]) != hit.Inputs) return null;
        try
        {
            stdout.Write(CredentialJson.ProcessOutputLine(hit));
            stdout.Flush();
            return ExitCodes.Ok;
        }
        catch (IOException e)
        {
            // The reader went away (a closed pipe): nothing more to say to it, and no stack trace.
            stderr().WriteLine($"samlassume: error: cannot write the credentials to stdout: {e.Message}");
            return ExitCodes.Unexpected;
        }
    }

    /// <summary>
    /// The plain form, or null for anything the full parser should judge. Accepts each known option once, as
    /// <c>--name value</c> or <c>--name=value</c>; values that start with '-' or '@' (an option or a response file
    /// to System.CommandLine) and numbers that are not plain digits are left to the full parser.
    /// </summary>
    public static Request? Parse(string[] args)
    {
        if (args.Length < 3 || args[0] != "credential-process") return null;
        string? profile = null, minRemaining = null, configDirectory = null, mfaDevice = null, httpTimeout = null, networkDeadline = null;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            string name;
            string? value;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
                value = i + 1 < args.Length ? args[++i] : null;
            }
            if (value is null || value.Length == 0 || value[0] is '-' or '@') return null;
            switch (name)
            {
                case "--profile" or "-p" when profile is null: profile = value; break;
                case "--min-remaining" when minRemaining is null: minRemaining = value; break;
                // Where the settings' files are looked for first: their fingerprint must match the entry's.
                case "--config-file-path" or "-c" when configDirectory is null: configDirectory = value; break;
                case "--mfa-device" when mfaDevice is null: mfaDevice = value; break;
                case "--http-timeout" when httpTimeout is null: httpTimeout = value; break;
                case "--network-deadline" when networkDeadline is null: networkDeadline = value; break;
                default: return null;
            }
        }
        if (profile is null) return null;
        if (httpTimeout is not null && !IsPlainNumber(httpTimeout)) return null;
        if (networkDeadline is not null && !IsPlainNumber(networkDeadline)) return null;
        if (minRemaining is not null && !IsPlainNumber(minRemaining)) return null;
        return new Request(profile, minRemaining is null ? (int)CredentialExpiry.DefaultMinRemaining.TotalMinutes : int.Parse(minRemaining, System.Globalization.CultureInfo.InvariantCulture), configDirectory);
    }

    private static bool IsPlainNumber(string text)
    {
        if (text.Length is 0 or > 6) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        return true;
    }
}
