using System.Security.Cryptography;
using System.Text;
using SamlAssume.Cache;
using SamlAssume.Login;
using SamlAssume.Settings;

namespace SamlAssume.Serve;

/// <summary>
/// What <see cref="ContainerCredentialsServer"/> hands out, through <see cref="ProfileCredentialSource"/>: the same
/// cache, freshness rule and refresh lock as <c>credential-process</c>, so a warm cache is a file read and a refresh is
/// shared with every other samlassume process of the profile. One <see cref="SharedPipeline"/> lives as long as the
/// server: a refresh, or another role by ARN, reuses the sign-in while it is usable. Prompts (password, MFA) go to the
/// context's terminal — the one serve was started from.
/// <para>
/// A sign-in belongs to the server, not to the request that started it: it runs to its end under the server's own
/// lifetime, once per entry at a time, and every request arriving meanwhile waits on it; a client that gives up
/// (the AWS CLI's read timeout) only stops waiting. A sign-in OneLogin refused (a wrong or changed password) is
/// remembered: the server answers that refusal without asking OneLogin again until the configuration files or the
/// password stored in the keyring change, or it is restarted.
/// </para>
/// </summary>
public sealed class ServedCredentials(CommandContext context, ProgressLog log, LoginArguments args, TimeSpan minRemaining) : IDisposable
{
    private readonly SharedPipeline pipeline = new();
    private readonly CancellationTokenSource lifetime = new();
    private readonly Lock gate = new();
    private readonly Dictionary<string, Task<CachedCredentials>> running = new(StringComparer.Ordinal);
    private Refusal? refused;

    /// <summary>A refused sign-in and what it was refused with: the configuration files and the stored password, by fingerprint.</summary>
    private sealed record Refusal(FailureKind Kind, string Message, string? Inputs, string? StoredPassword);

    /// <summary>How many sign-ins (refreshes) the server started: one per entry at a time, whatever the number of requests.</summary>
    public int Started { get; private set; }

    public Task<CachedCredentials> ForProfileAsync(CancellationToken cancellationToken) =>
        Shared("", () => new ProfileCredentialSource(context, log, pipeline).GetAsync(args, minRemaining, promptOnTerminal: false, lifetime.Token), cancellationToken);

    public Task<CachedCredentials> ForRoleAsync(string roleArn, CancellationToken cancellationToken)
    {
        // A role the sign-in does not open costs one sign-in; after that the refusal answers, while the files are the same.
        if (notGranted.TryGetValue(roleArn, out var known) && known.Inputs == InputsNow()) throw new UnknownRoleException(roleArn, known.From);
        return Shared(roleArn, () => new ProfileCredentialSource(context, log, pipeline).GetRoleAsync(args, roleArn, minRemaining, promptOnTerminal: false, lifetime.Token), cancellationToken);
    }

    /// <summary>Roles refused as not among the sign-in's, by ARN (at most <see cref="MaxRemembered"/>), with the files' fingerprint then.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string From, string? Inputs)> notGranted = new(StringComparer.Ordinal);

    private const int MaxRemembered = 10_000;

    private Task<CachedCredentials> Shared(string key, Func<Task<CachedCredentials>> start, CancellationToken requestAborted)
    {
        AnswerRefusal();
        Task<CachedCredentials> task;
        lock (gate)
        {
            if (!running.TryGetValue(key, out task!))
            {
                Started++;
                task = RunAsync(key, start);
                running[key] = task;
            }
        }
        return task.WaitAsync(requestAborted);
    }

    private async Task<CachedCredentials> RunAsync(string key, Func<Task<CachedCredentials>> start)
    {
        try
        {
            return await Task.Run(start, lifetime.Token);
        }
        catch (UnknownRoleException e) when (!lifetime.IsCancellationRequested)
        {
            if (notGranted.Count < MaxRemembered) notGranted[e.RoleArn] = (e.From, InputsNow());
            throw;
        }
        catch (Exception e) when (!lifetime.IsCancellationRequested)
        {
            Remember(e);
            throw;
        }
        finally
        {
            lock (gate) running.Remove(key);
        }
    }

    private void Remember(Exception failure)
    {
        var (kind, message) = FailureKinds.Of(failure);
        if (kind != FailureKind.SignInRefused) return;
        refused = new Refusal(kind, message, InputsNow(), StoredPasswordNow());
        log.Warning("OneLogin refused the sign-in: serve answers this refusal without signing in again until the configuration or the password in the keyring changes, or serve is restarted");
    }

    /// <summary>Throws the remembered refusal while nothing it was refused with has changed; forgets it otherwise.</summary>
    private void AnswerRefusal()
    {
        if (refused is not { } refusal) return;
        if (InputsNow() == refusal.Inputs && StoredPasswordNow() == refusal.StoredPassword)
            throw new SharedRefreshFailure(refusal.Kind, $"{refusal.Message} (remembered by serve: it signs in again once the configuration or the stored password changes, or after a restart)");
        refused = null;
        log.Step("The configuration or the stored password changed since OneLogin refused the sign-in: signing in again.");
    }

    private string? InputsNow() => SettingsInputs.Of(args.ConfigDirectory, context.CurrentDirectory, context.HomeDirectory, name => context.Environment[name]);

    /// <summary>A fingerprint of the OneLogin password the keyring holds for the profile's user now (null: none, or no keyring).</summary>
    private string? StoredPasswordNow()
    {
        try
        {
            var quiet = new ProgressLog(TextWriter.Null, false);
            var settings = LoginSettings.Resolve(args, context, quiet);
            if (settings.Source != SourceKind.OneLogin || settings.Username is not { } user) return null;
            var password = new Sources.OneLogin.KeyringPassword(context, quiet, settings.Keychain).Find(user);
            return password is null ? null : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "unresolved: " + e.GetType().Name;
        }
    }

    public void Dispose()
    {
        lifetime.Cancel();
        pipeline.Dispose();
        lifetime.Dispose();
    }
}
