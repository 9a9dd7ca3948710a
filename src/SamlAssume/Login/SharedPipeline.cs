using SamlAssume.Settings;

namespace SamlAssume.Login;

/// <summary>
/// One <see cref="LoginPipeline"/> kept for a long-lived command (serve): its credentials at the source — an assertion
/// while STS still takes it, a session — serve later refreshes and other roles (<c>/role-arn/ARN</c>) without asking
/// for a password or MFA again. One refresh uses it at a time; the cache's file lock orders them across processes.
/// </summary>
public sealed class SharedPipeline : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private LoginPipeline? pipeline;
    private string? binding;

    public async Task RunAsync(CommandContext context, ProgressLog log, LoginSettings settings, Func<LoginPipeline, Task> run, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Settings that now resolve to another user or role get a pipeline of their own, not the old sign-in.
            var binding = SettingsBinding.Of(settings);
            if (pipeline is not null && binding != this.binding)
            {
                pipeline.Dispose();
                pipeline = null;
            }
            this.binding = binding;
            pipeline ??= new LoginPipeline(context, log, settings);
            await run(pipeline);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        pipeline?.Dispose();
        gate.Dispose();
    }
}
