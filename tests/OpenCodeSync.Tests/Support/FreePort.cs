using System.Net;
using System.Net.Sockets;

namespace OpenCodeSync.Tests.Support;

/// <summary>A loopback port nothing listens on (bound then released), for "backend down" cases.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
