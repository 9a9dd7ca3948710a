using SamlAssume.Aws.Sessions;
using Spectre.Console;

namespace SamlAssume.Sources.IamUser;

/// <summary>
/// Where the IAM-user source's MFA code comes from: <c>--otp</c>, else <c>AWS_MFA_CODE</c> — each used for one
/// session only, since AWS takes a code once — else a hidden prompt: on the command's terminal, or, under the AWS
/// CLI (credential_process), on the controlling terminal /dev/tty. Without any of them: a usage error that says so.
/// </summary>
public sealed class MfaCodePrompt(CommandContext context, string? otp, bool onControllingTerminal, bool takesOtpFlag = true)
{
    public const string CodeVariable = "AWS_MFA_CODE";

    private string? _given = otp ?? context.Environment[CodeVariable];

    public MfaCodeProvider Provider => AskAsync;

    private ValueTask<string> AskAsync(MfaCodeRequest request, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _given, null) is { Length: > 0 } given) return ValueTask.FromResult(Checked(given));
        if (onControllingTerminal)
        {
            using var terminal = context.OpenTerminal();
            if (terminal is not null)
            {
                terminal.Writer.WriteLine($"samlassume: MFA session for source profile [{request.SourceProfile}]");
                return ValueTask.FromResult(Ask(terminal.Console, request, context.Interrupt));
            }
        }
        else if (context.IsInteractive)
        {
            return ValueTask.FromResult(Ask(context.Console, request, context.Interrupt));
        }
        throw new InvalidInput(
            $"an MFA code for {request.SerialNumber} is needed and there is no terminal to ask: {(takesOtpFlag ? "give --otp or " : "set ")}{CodeVariable} (each code is used once)");
    }

    private static string Ask(IAnsiConsole console, MfaCodeRequest request, CancellationToken interrupt) =>
        Prompts.InterruptiblePrompt.Ask(console, new TextPrompt<string>(Markup.Escape($"MFA code for {request.SerialNumber}:")).Secret()
            .Validate(c => IsCode(c.Trim()) ? ValidationResult.Success() : ValidationResult.Error("Type the 6 digits your device shows")), interrupt).Trim();

    private static bool IsCode(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    /// <summary>A malformed code is refused before STS sees it (STS would answer a ValidationError).</summary>
    private static string Checked(string code)
    {
        code = code.Trim();
        return IsCode(code) ? code : throw new InvalidInput($"the MFA code from --otp or {CodeVariable} must be 6 digits");
    }
}
