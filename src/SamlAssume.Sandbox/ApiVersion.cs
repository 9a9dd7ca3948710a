namespace SamlAssume.Sandbox;

/// <summary>OneLogin API generation: v1 wraps everything in a "status" envelope, v2 answers flat.</summary>
internal enum ApiVersion { V1 = 1, V2 = 2 }
