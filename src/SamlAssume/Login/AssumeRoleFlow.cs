using SamlAssume.Aws;
using SamlAssume.Aws.Sessions;
using SamlAssume.IdP.Saml;
using SamlAssume.Settings;

namespace SamlAssume.Login;

/// <summary>
/// <c>samlassume assume-role</c>: the IAM-user source's <see cref="LoginFlow"/>. Roles of ~/.aws/config (role_arn +
/// source_profile leading to the source) or one <c>--role-arn</c>, from the one MFA session, through the same
/// strategies as OneLogin's: one role printed (<see cref="PrintedDelivery"/>), many roles written in one replacement
/// of the credentials file (<see cref="ManyRolesLogin"/>, each also cached), and <c>-l/-t</c> (<see cref="LoginLoop"/>
/// over many roles: roles renewed from the cached session, a code asked again only when the session itself ends).
/// </summary>
public sealed class AssumeRoleFlow(CommandContext context, ProgressLog log)
{
    /// <summary>
    /// More role profiles than this in one run is refused before any request unless --max-roles allows it: nobody
    /// keeps thousands of role profiles by hand, so a generated or broken config file should not become thousands of
    /// AssumeRole calls and a credentials file rewritten with them. A flag rather than a question, so scripts can say it.
    /// </summary>
    public const int DefaultMaxRoles = 1000;

    public async Task<FailureKind?> RunAsync(LoginArguments args, AssumeRoleArguments roles, CancellationToken cancellationToken)
    {
        Validate(args, roles);
        var settings = IamUserProfiles.ForSource(args, context);
        var iamUser = settings.IamUser!;
        var targets = Targets(iamUser, roles, args.Profile, settings.AwsRegion);
        if (targets.Count > (roles.MaxRoles ?? DefaultMaxRoles))
        {
            var limit = roles.MaxRoles is { } max ? $"--max-roles {max}" : $"the {DefaultMaxRoles} samlassume assumes without being told";
            throw new InvalidInput($"{(roles.All ? "--all" : "PROFILE…")} names {targets.Count} role profiles, more than {limit}: " +
                                   $"name the profiles you need (assume-role PROFILE…), or give --max-roles {targets.Count} to assume them all");
        }

        if (roles.Format is { } format)
        {
            if (targets.Count != 1) throw new InvalidInput($"--json/--format print one role's credentials, and {targets.Count} were named");
            using var printing = new LoginPipeline(context, log, settings with { RoleArn = targets[0].Role.RoleArn, AwsRegion = targets[0].Region });
            await printing.RunAsync(new PrintedDelivery(context, log, format), cancellationToken);
            return null;
        }

        var path = CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory, args.File);
        WritableProfile.Check(new CredentialsFile(path), targets.Select(t => t.Profile), iamUser.SourceProfile);
        using var pipeline = new LoginPipeline(context, log, settings);
        var many = new ManyRolesLogin(context, log, pipeline);
        Task<(FailureKind? Failed, TemporaryCredentials? Earliest)> Run(CancellationToken token) =>
            many.RunAsync(path, roles.MaxParallel, _ => targets, cacheEach: true, token);
        if (args.Loop == 1) return (await Run(cancellationToken)).Failed;
        return await new LoginLoop(context, log, pipeline, Run).RunAsync(args, cancellationToken);
    }

    /// <summary>The command's own flags, checked before any file is read.</summary>
    private static void Validate(LoginArguments args, AssumeRoleArguments roles)
    {
        if (roles.Format is { } format && format != PrintedDelivery.CredentialProcess && !ExportFormat.Names.Contains(format))
            throw new InvalidInput($"--format must be one of {string.Join(", ", ExportFormat.Names)}, not \"{format}\"");
        ManyRolesLogin.CheckParallel(roles.MaxParallel);
        if (roles.MaxRoles is < 1) throw new InvalidInput($"--max-roles must be at least 1, not {roles.MaxRoles}");
        LoginLoop.Validate(args);
        if (args.Loop != 1 && roles.Format is not null) throw new InvalidInput("-l/--loop keeps profiles fresh: it cannot be combined with --json/--format");
        var modes = (roles.Profiles.Count > 0 ? 1 : 0) + (roles.All ? 1 : 0) + (roles.RoleArn is not null ? 1 : 0);
        if (modes != 1) throw new InvalidInput("name the roles with PROFILE…, --all or --role-arn ARN (exactly one of them)");
        if (roles.RoleArn is { } arn && !IamRoleArn.IsValid(arn))
            throw new InvalidInput($"--role-arn '{IamRoleArn.Shown(arn)}' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
        if (roles.RoleArn is not null && args.Profile is null && roles.Format is null)
            throw new InvalidInput("--role-arn needs -p/--profile NAME to write, or --json/--format to print");
        if (args.FromEnvironment && roles.RoleArn is null)
            throw new InvalidInput("--from-env assumes one role named with --role-arn ARN (role profiles lead to a source profile)");
        if (roles.RoleArn is null && args.Profile is not null)
            throw new InvalidInput("-p/--profile goes with --role-arn; role profiles are named as arguments");
    }

    private static IReadOnlyList<ManyRolesLogin.Target> Targets(IamUserSettings iamUser, AssumeRoleArguments roles, string? profile, string? region)
    {
        var source = iamUser.SourceProfile;
        AwsRole Role(string arn) => new(arn, $"mfa-session:{source}");
        if (roles.RoleArn is { } arn) return [new ManyRolesLogin.Target(profile ?? "-", Role(arn), region)];
        var profiles = roles.All
            ? iamUser.Profiles.RolesLeadingTo(source)
            : roles.Profiles.Distinct(StringComparer.Ordinal).Select(n => iamUser.Profiles.Role(n, source)).ToList();
        if (profiles.Count == 0)
            throw new InvalidInput($"no profile of {iamUser.Profiles.Files.ConfigFile} has a role_arn whose source_profile leads to [{source}]");
        return profiles.Select(p => new ManyRolesLogin.Target(p.Name, Role(p.RoleArn), p.Region ?? region)).ToList();
    }
}
