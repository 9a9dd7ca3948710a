using SamlAssume.IdP.OneLogin;
using SamlAssume.Mfa;
using SamlAssume.Prompts;

namespace SamlAssume.Sources.OneLogin;

/// <summary>
/// Signs in once: the assertion call, then MFA when OneLogin asks for it. An expired state token restarts the
/// sign-in once (the password is still in memory); a rejected password is never sent again.
/// </summary>
public sealed class OneLoginSignIn(IOneLoginApi api, CommandContext context, ProgressLog log)
{
    /// <returns>The base64 SAMLResponse.</returns>
    public async Task<string> SignInAsync(SignInIdentity identity, string? ip, MfaOptions mfa, CancellationToken cancellationToken)
    {
        var request = new SamlAssertionRequest(identity.Username, identity.Password, identity.AppId, identity.Subdomain, ip);
        for (var attempt = 1; ; attempt++)
        {
            log.Detail($"asking OneLogin for a SAML assertion for {identity.Username} (app {identity.AppId}, subdomain {identity.Subdomain})");
            var outcome = await api.CreateSamlAssertionAsync(request, cancellationToken);
            switch (outcome)
            {
                case AssertionIssued issued:
                    return issued.SamlResponse;
                case MfaRequired challenge:
                    try
                    {
                        return await new MfaChallenge(api, context, log, mfa).CompleteAsync(challenge, identity.AppId, cancellationToken);
                    }
                    catch (OneLoginException e) when (e.Kind == OneLoginErrorKind.StateTokenExpired && attempt == 1)
                    {
                        // OneLogin refused the challenge, not the code: a code given with --otp may be offered again.
                        log.Step("The MFA challenge expired; starting the sign-in again.");
                        continue;
                    }
                default:
                    throw new SignInRefused($"OneLogin answered the sign-in unexpectedly ({outcome.GetType().Name})");
            }
        }
    }
}
