namespace P21.Connector.Push;

/// <summary>The platform refused a call for good (a 4xx with a reason); the changes it carried are parked with it.</summary>
internal sealed class PushRefusedException(string message) : Exception(message);
