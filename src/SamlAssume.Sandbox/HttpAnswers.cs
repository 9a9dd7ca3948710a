using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>Writes answers with the content types the real services use.</summary>
internal static class HttpAnswers
{
    public static Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task XmlAsync(HttpContext context, int status, string xml)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync(xml, context.RequestAborted);
    }
}
