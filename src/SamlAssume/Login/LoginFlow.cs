using SamlAssume.Mfa;
using SamlAssume.Settings;

namespace SamlAssume.Login;

/// <summary>
/// <c>samlassume login</c>: checks the strategy's own flags, resolves the settings once, builds the
/// <see cref="LoginPipeline"/> and runs it once, in a loop (<see cref="LoginLoop"/>) or for many roles
/// (<see cref="ManyRolesLogin"/>).
/// </summary>
/// <param name="pushPolling">When to poll a push; null is <see cref="PushPollSchedule.Default"/> (the benchmark compares others).</param>
public sealed class LoginFlow(CommandContext context, ProgressLog log, PushPollSchedule? pushPolling = null)
{
    public async Task<FailureKind?> RunAsync(LoginArguments args, CancellationToken cancellationToken)
    {
        var many = args.ManyRoles is { Requested: true } m ? m : null;
        var loop = args.Loop != 1 || args.Interactive;
        if (many is not null) ManyRolesLogin.Validate(args, many);
        else if (loop) LoginLoop.Validate(args);
        if (many is not null && args.Profile is { } profile)
        {
            log.Warning($"with {(many.AllRoles ? "--all-roles" : "--roles")} each role is written to the profile --profile-template names ({many.ProfileTemplate}): " +
                $"-p {profile} is ignored for that, and only selects [{profile}]'s entry of onelogin.aws.json");
        }

        var settings = LoginSettings.Resolve(args, context, log);
        using var pipeline = new LoginPipeline(context, log, settings, pushPolling);
        if (many is not null) return await new ManyRolesLogin(context, log, pipeline).RunAsync(many, args, cancellationToken);
        if (loop) return await new LoginLoop(context, log, pipeline).RunAsync(args, cancellationToken);
        await pipeline.RunAsync(new ProfileOrExportsDelivery(context, log), cancellationToken);
        return null;
    }
}
