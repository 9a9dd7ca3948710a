using SamlAssume.Aws;
using SamlAssume.Cache;

namespace SamlAssume.Login;

/// <summary>
/// STS has issued credentials but the credentials file could not take them: they are not thrown away. They go to the
/// credential cache under each profile's name, where <c>env</c>, <c>exec</c> and <c>credential-process</c> serve
/// them without a sign-in, and the error says so. One role (<see cref="ProfileOrExportsDelivery"/>) or many
/// (<see cref="ManyRolesLogin"/>) alike.
/// </summary>
public sealed class CredentialsKeptInCache(CommandContext context, ProgressLog log)
{
    /// <summary>The error to report: <paramref name="failure"/>, plus where the credentials are if they could be kept.</summary>
    public CredentialsFileException Keep(IReadOnlyList<(string Profile, TemporaryCredentials Credentials)> issued, string? region,
        CredentialsFileException failure)
    {
        var cache = new CredentialCache(CachePaths.For(context.Environment, context.HomeDirectory));
        try
        {
            foreach (var (profile, credentials) in issued) cache.Write(profile, CachedCredentials.From(credentials, region) with { Settings = CachedCredentials.KeptByLogin });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CacheDirectoryException)
        {
            log.Detail($"could not keep the credentials in the cache either: {e.GetType().Name}");
            return failure;
        }
        if (issued.Count == 1)
        {
            var (profile, credentials) = issued[0];
            return new CredentialsFileException(
                $"{failure.Message}; the credentials STS issued are kept in {cache.Paths.CredentialsFor(profile)} until {credentials.ExpirationText}: " +
                $"`samlassume env -p {profile}` prints them (or use credential-process/exec) without signing in again");
        }
        return new CredentialsFileException(
            $"{failure.Message}; the credentials STS issued for {issued.Count} profiles are kept in {cache.Paths.CredentialsDirectory} until they expire: " +
            $"`samlassume env -p PROFILE` prints one (e.g. `samlassume env -p {issued[0].Profile}`; or use credential-process/exec) without signing in again");
    }
}
