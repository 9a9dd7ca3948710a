using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary><c>samlassume login</c>, also what runs when no command is named (the Python tool has no commands).</summary>
public sealed class LoginCommand : SamlAssumeCommand
{
    public new const string Description = "Sign in to OneLogin, choose an AWS role and write its temporary credentials";

    private readonly LoginOptions options;

    public LoginCommand(CommandContext context) : this(context, new LoginOptions())
    {
    }

    private LoginCommand(CommandContext context, LoginOptions options) : base(context, "login", Description, options.Verbose)
    {
        this.options = options;
        options.AddTo(this);
        HelpLayout.GroupOptions(this, GroupsOf(options));
        ValueCompletion.Profiles(options.Profile, context);
        ValueCompletion.Regions(options.AwsRegion);
        ValueCompletion.MfaDevices(options.MfaDevice);
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken) =>
        ExitCodes.For(await new LoginFlow(Context, log).RunAsync(options.Bind(result), cancellationToken));

    /// <summary>
    /// The root parses the login options too (<c>samlassume -u … -p …</c> is a login, as OneLogin's tool has no
    /// commands), hidden from its help and completion, which are a map of the commands.
    /// </summary>
    public static void AddTo(RootCommand root, CommandContext context)
    {
        var login = new LoginCommand(context);
        root.Subcommands.Add(login);
        var hidden = new LoginOptions();
        foreach (var option in hidden.All)
        {
            option.Hidden = true;
            root.Options.Add(option);
        }
        root.SetAction((result, cancellationToken) =>
        {
            var verbose = result.GetValue(hidden.Verbose);
            return FailureReporter.RunAsync(context.Error, verbose, async () =>
                ExitCodes.For(await new LoginFlow(context, new ProgressLog(context.Error, verbose)).RunAsync(hidden.Bind(result), cancellationToken)), cancellationToken);
        });
    }

    /// <summary>The headings of <c>login --help</c>, everyday options first; anything not named lands under "Other options".</summary>
    private static IReadOnlyList<(string, Option[])> GroupsOf(LoginOptions o) =>
    [
        ("Sign-in:", [o.Username, o.Subdomain, o.AppId, o.ConfigDirectory, o.Password, o.PasswordStdin, o.SavePassword, o.KeychainService, o.KeychainAccount]),
        ("MFA:", [o.MfaDevice, o.Otp, o.MfaTimeout]),
        ("Role:", [o.AwsAccountId, o.AwsRoleName, o.Duration, o.AllRoles, o.Roles, o.ProfileTemplate, o.MaxParallel]),
        ("Output (where the credentials go):", [o.Profile, o.File, o.AwsRegion, o.Interactive, o.Loop, o.Time, o.CacheSaml, o.SaveAssertion]),
        ("Network:", [o.HttpTimeout, o.ConnectTimeout, o.NetworkDeadline]),
        ("Trust:", [o.IdpCert, o.AllowSha1]),
        ("Compatibility with OneLogin's tool (its flags are all accepted as they are):", [o.ClientId, o.ClientSecret, o.Region, o.RoleOrder, o.SamlApiVersion, o.Ip]),
    ];
}
