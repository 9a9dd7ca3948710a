namespace SamlAssume.IdP.OneLogin;

/// <summary>Where and as whom we call OneLogin's API.</summary>
/// <param name="ApiUrl">Base address, <c>https://api.us.onelogin.com</c> unless <c>api_url</c> overrides it.</param>
/// <param name="SamlApiVersion">1 or 2: which <c>/api/N/saml_assertion</c> family to call.</param>
public sealed record OneLoginSettings(Uri ApiUrl, string ClientId, string ClientSecret, int SamlApiVersion = 2)
{
    public static Uri ApiUrlForRegion(string region) => new($"https://api.{region.Trim().ToLowerInvariant()}.onelogin.com");

    // The secret must never be printed, even when someone logs the whole settings object.
    public override string ToString() => $"OneLoginSettings {{ ApiUrl = {ApiUrl}, ClientId = {ClientId}, SamlApiVersion = {SamlApiVersion} }}";
}
