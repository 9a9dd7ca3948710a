using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Settings;
using Spectre.Console;

namespace SamlAssume.Login;

/// <summary>
/// The last step of <see cref="LoginPipeline"/>: where one role's credentials go, and which region they are for (the
/// STS endpoint and the profile's <c>region</c>). Many roles are delivered in one write by <see cref="ManyRolesLogin"/>.
/// </summary>
public interface ICredentialsDelivery
{
    string? ChooseRegion(LoginSettings settings);

    void Deliver(LoginSettings settings, TemporaryCredentials credentials, string? region);
}

/// <summary><c>login</c>: a profile of the credentials file (atomically, under its lock), or <c>export</c> lines on stdout.</summary>
public sealed class ProfileOrExportsDelivery(CommandContext context, ProgressLog log) : ICredentialsDelivery
{
    private const string DefaultAwsRegionPrompt = "us-west-2";

    /// <summary>The region from settings, or asked at a terminal when a profile is written (it goes into the profile).</summary>
    public string? ChooseRegion(LoginSettings settings)
    {
        var region = settings.AwsRegion;
        if (region is null && settings.Profile is not null && context.IsInteractive)
        {
            region = Prompts.InterruptiblePrompt.Ask(context.Console, new TextPrompt<string>("AWS region:")
                .DefaultValue(SuggestedRegion(settings.Profile, settings.CredentialsFile))
                .Validate(r => !StsEndpoint.IsRegionName(r.Trim()) ? ValidationResult.Error("Type a region name such as us-east-1")
                    : AwsRegions.Problem(r.Trim(), "") is { } typo ? ValidationResult.Error(typo.Trim()) : ValidationResult.Success()), context.Interrupt).Trim();
            Remember(settings, region);
        }
        return region;
    }

    /// <summary>The region asked is kept in the profile's entry of onelogin.aws.json, so it is asked once (OneLogin's tool does the same).</summary>
    private void Remember(LoginSettings settings, string region)
    {
        if (settings.RegionKeptIn is not { } path || settings.Profile is null) return;
        try
        {
            Configuration.AwsConfigPin.WriteValues(path, settings.Profile, [new("aws_region", region)]);
            log.Step($"Kept aws_region {region} in [{settings.Profile}]'s entry of {path}: it is not asked again.");
        }
        catch (InvalidInput e)
        {
            log.Warning($"the region is not kept for next time: {e.Message}");
        }
    }

    /// <summary>
    /// What Enter at the region prompt takes: the region the user's AWS tools already use — AWS_REGION, then
    /// AWS_DEFAULT_REGION (the SDKs' order), then the region the profile already has (credentials file, then
    /// ~/.aws/config) — before a fixed us-west-2.
    /// </summary>
    private string SuggestedRegion(string profile, string? credentialsFile)
    {
        foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (context.Environment[name]?.Trim() is { } fromEnvironment && StsEndpoint.IsRegionName(fromEnvironment)) return fromEnvironment;
        }
        try
        {
            var files = Aws.Sessions.SharedConfigFiles.Resolve(name => context.Environment[name], context.HomeDirectory);
            if (credentialsFile is not null) files = files with { CredentialsFile = credentialsFile };
            if (files.Read().Value(profile, "region")?.Trim() is { } kept && StsEndpoint.IsRegionName(kept)) return kept;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Aws.Sessions.AwsProfileException or Aws.Sessions.SharedFileException)
        {
            // Only a suggestion: an unreadable file leaves the fixed default.
        }
        return DefaultAwsRegionPrompt;
    }

    public void Deliver(LoginSettings settings, TemporaryCredentials credentials, string? region)
    {
        var expiry = $"expires {credentials.ExpirationText} (in {(credentials.Expiration - context.Clock.GetUtcNow()).TotalMinutes:0} min)";
        if (settings.Profile is null || settings.CredentialsFile is null)
        {
            context.Out.Write(ShellExports.Format(credentials, region));
            context.Out.Flush();
            log.Step($"Credentials for {credentials.AssumedRoleArn} printed as exports; {expiry}.");
            return;
        }
        try
        {
            new CredentialsFile(settings.CredentialsFile).WriteProfile(settings.Profile, CredentialsProfile.Keys(credentials, region));
        }
        catch (CredentialsFileException e)
        {
            throw new CredentialsKeptInCache(context, log).Keep([(settings.Profile, credentials)], region, e);
        }
        log.Step($"Wrote profile [{settings.Profile}] to {settings.CredentialsFile}: {credentials.AssumedRoleArn}, {expiry}.");
        // A file the AWS CLI and SDKs would not read by themselves (-f, or AWS_SHARED_CREDENTIALS_FILE unset since):
        // the hint names the variable that points them at it.
        var readByDefault = CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory);
        var pointAtFile = string.Equals(Path.GetFullPath(readByDefault), Path.GetFullPath(settings.CredentialsFile), StringComparison.Ordinal)
            ? ""
            : $"{CredentialsFile.EnvironmentVariable}={ShellExports.Quote(settings.CredentialsFile)} ";
        log.Step($"Use it with: {pointAtFile}aws --profile {settings.Profile} sts get-caller-identity");
    }
}

/// <summary>credential-process, env, exec: the profile's entry of the credential cache, which the command then prints or uses.</summary>
/// <param name="binding">What the settings resolved to (<see cref="SettingsBinding"/>), recorded with the credentials.</param>
/// <param name="inputs">The fingerprint of the files they came from (<see cref="SettingsInputs"/>), for the fast path.</param>
public sealed class CacheDelivery(CredentialCache cache, string profile, string? binding = null, string? inputs = null) : ICredentialsDelivery
{
    public CachedCredentials? Delivered { get; private set; }

    public string? ChooseRegion(LoginSettings settings) => settings.AwsRegion;

    public void Deliver(LoginSettings settings, TemporaryCredentials credentials, string? region)
    {
        Delivered = CachedCredentials.From(credentials, region) with { Settings = binding, Inputs = inputs };
        cache.Write(profile, Delivered);
    }
}

/// <summary>
/// One role's credentials printed on stdout, for a script to read: sh, fish, powershell, dotenv or json exports, or
/// credential_process JSON (<see cref="CredentialProcess"/>).
/// </summary>
/// <param name="quiet">No progress line (a credential_process whose stderr the AWS CLI shows the user).</param>
public sealed class PrintedDelivery(CommandContext context, ProgressLog log, string format, bool quiet = false) : ICredentialsDelivery
{
    public const string CredentialProcess = "credential-process";

    public string? ChooseRegion(LoginSettings settings) => settings.AwsRegion;

    public void Deliver(LoginSettings settings, TemporaryCredentials credentials, string? region)
    {
        context.Out.Write(format == CredentialProcess
            ? CredentialProcessOutput.JsonLine(CachedCredentials.From(credentials, region))
            : ExportFormat.Format(format, credentials, region));
        context.Out.Flush();
        if (!quiet) log.Step($"Credentials for {credentials.AssumedRoleArn} printed; expire {credentials.ExpirationText}.");
    }
}
