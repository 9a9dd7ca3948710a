namespace SamlAssume.Sandbox;

/// <summary>Thrown inside STS handling to stop with a given STS error; caught once and written as an ErrorResponse.</summary>
internal sealed class StsRejection(StsError error) : Exception(error.Message)
{
    public StsError Error { get; } = error;
}
