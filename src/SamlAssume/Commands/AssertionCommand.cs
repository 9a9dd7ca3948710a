using System.CommandLine;

namespace SamlAssume.Commands;

/// <summary><c>samlassume assertion</c>: the commands that work with SAML assertions (<see cref="AssertionInspectCommand"/>).</summary>
public sealed class AssertionCommand : Command
{
    public AssertionCommand(CommandContext context) : base("assertion", "Work with SAML assertions") =>
        Subcommands.Add(new AssertionInspectCommand(context));
}
