using System.CommandLine;
using System.Text.Json;
using SamlAssume.Cli;
using SamlAssume.Configuration;
using SamlAssume.Files;
using SamlAssume.IdP.Saml;
using SamlAssume.Settings;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume assertion inspect FILE|-</c>: what a SAMLResponse says, and whether it verifies against the IdP
/// certificate (<c>--idp-cert</c> or onelogin.aws.json). Exit 0 when it passes every rule, 3 when one fails.
/// </summary>
public sealed class AssertionInspectCommand : SamlAssumeCommand
{
    private readonly Argument<string> file = new("FILE") { Description = "A SAMLResponse, base64 or XML (as --save-assertion writes it); - reads standard input" };
    private readonly Option<string?> idpCert = new("--idp-cert") { Description = "The IdP's signing certificate (PEM file or inline PEM); default: idp_certificate / idp_certificate_sha256 in onelogin.aws.json" };
    private readonly Option<bool> allowSha1 = new("--allow-sha1") { Description = "Accept a SHA-1 signature" };
    private readonly Option<bool> json = new("--json") { Description = "Print the report as JSON" };
    private readonly Option<string?> configDirectory = SharedOptions.ConfigDirectory("Directory holding onelogin.aws.json and accounts.yaml");
    private readonly Option<string?> profile = SharedOptions.Profile("Use this profile's entry of onelogin.aws.json");

    public AssertionInspectCommand(CommandContext context) : this(context, SharedOptions.Verbose("Show stack traces of unexpected failures"))
    {
    }

    private AssertionInspectCommand(CommandContext context, Option<bool> verbose)
        : base(context, "inspect", "Show what a SAML assertion says and whether it verifies (exit 0 valid, 3 not)", verbose) =>
        Add(file, idpCert, allowSha1, json, configDirectory, profile, verbose);

    protected override Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var config = ConfigurationFiles.Find(result.GetValue(configDirectory), Context);
        var aws = config.Aws;
        var aliases = config.Aliases;
        var values = aws.For(result.GetValue(profile) ?? aws.DefaultProfile);
        var trust = IdpTrust.Resolve(result.GetValue(idpCert), values, result.GetValue(allowSha1), aws.SourcePath, Context);

        var xml = SamlResponseInspection.DecodeText(ReadInput(result.GetValue(file)!, Context));
        var verification = Verify(xml, trust, result.GetValue(allowSha1), Context.Clock);
        SamlResponseInspection inspection;
        try
        {
            inspection = SamlResponseInspection.Read(xml);
        }
        catch (SamlFormatException) when (verification.Result == "failed")
        {
            // Too broken to show (a DTD, two assertions): the rule that refused it is the whole report.
            throw new CommandFailure(ExitCodes.SignInRefused, $"the SAML assertion failed verification ({verification.Rule}): {verification.Reason}");
        }
        var report = AssertionReport.Of(inspection, aliases, Context.Clock.GetUtcNow(), verification);
        if (result.GetValue(json))
            Context.Out.WriteLine(JsonSerializer.Serialize(report, AssertionJsonContext.Default.AssertionReport));
        else
            report.WriteText(Context.Out);
        Context.Out.Flush();
        if (verification.Result == "failed")
        {
            Context.Error.WriteLine($"samlassume: error: the SAML assertion failed verification ({verification.Rule}): {verification.Reason}");
            return Task.FromResult(ExitCodes.SignInRefused);
        }
        return Task.FromResult(ExitCodes.Ok);
    }

    private static AssertionVerificationReport Verify(byte[] xml, IdpTrust? trust, bool allowSha1, TimeProvider clock)
    {
        try
        {
            if (trust is null)
            {
                new SamlSignatureVerifier(new SamlTrustSettings { AllowSha1 = allowSha1 }, clock).CheckWithoutSignature(xml);
                return new AssertionVerificationReport("not-checked", null,
                    "no IdP certificate (pass --idp-cert, set idp_certificate or idp_certificate_sha256, or run samlassume idp-cert); every other rule passed", null);
            }
            trust.Verifier(clock).Verify(xml);
            return new AssertionVerificationReport("verified", null, null, trust.Description);
        }
        catch (SamlVerificationException e)
        {
            return new AssertionVerificationReport("failed", e.Rule.Name(), e.Reason, trust?.Description);
        }
    }

    private static string ReadInput(string file, CommandContext context)
    {
        if (file == "-") return context.In.ReadToEnd();
        var path = Path.GetFullPath(HomePath.Expand(file, context.HomeDirectory), context.CurrentDirectory);
        if (!File.Exists(path)) throw CommandFailure.Usage($"{file}: no such file");
        if (new FileInfo(path).Length > SamlResponseReader.MaxXmlCharacters * 2L)
            throw new CommandFailure(ExitCodes.SignInRefused, $"{file}: too large to be a SAML response");
        return File.ReadAllText(path);
    }
}
