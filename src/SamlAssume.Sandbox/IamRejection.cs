namespace SamlAssume.Sandbox;

/// <summary>Thrown inside IAM handling to stop with an IAM error; caught once and written as an ErrorResponse.</summary>
internal sealed class IamRejection(IamError error) : Exception(error.Message)
{
    public IamError Error { get; } = error;
}

