using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace SeatAllocation.Servers;

/// <summary>
/// A TCP proxy in front of PostgreSQL that can lose one reply: armed with a message of the server's
/// (such as the <c>CommandComplete</c> of a <c>COMMIT</c>), it closes the connection instead of
/// forwarding the first reply that carries it. The server has done the work by then (committed), and
/// the client sees a broken connection: the "outcome unknown" case, made deterministic.
/// </summary>
public sealed class ReplyDroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private byte[]? _armed;
    private int _dropped;

    private ReplyDroppingProxy(IPEndPoint server)
    {
        _server = server;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>How many replies were dropped so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>
    /// Starts a proxy in front of the server of <paramref name="connectionString"/> and returns it with
    /// the same connection string pointed at the proxy.
    /// </summary>
    public static async Task<(ReplyDroppingProxy Proxy, string ConnectionString)> StartAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var addresses = await Dns.GetHostAddressesAsync(builder.Host!).ConfigureAwait(false);
        var proxy = new ReplyDroppingProxy(new IPEndPoint(addresses.First(a => a.AddressFamily == AddressFamily.InterNetwork), builder.Port));
        builder.Host = "127.0.0.1";
        builder.Port = ((IPEndPoint)proxy._listener.LocalEndpoint).Port;
        return (proxy, builder.ConnectionString);
    }

    /// <summary>The bytes of a <c>CommandComplete</c> message with this tag, such as <c>COMMIT</c> or <c>SELECT 1</c>.</summary>
    public static byte[] CommandComplete(string tag)
    {
        var message = new byte[1 + 4 + tag.Length + 1];
        message[0] = (byte)'C';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + tag.Length + 1);
        Encoding.ASCII.GetBytes(tag, message.AsSpan(5));
        return message;
    }

    /// <summary>Drops the next reply that contains <paramref name="message"/> (closing its connection), once.</summary>
    public void DropNextReplyContaining(byte[] message) => Volatile.Write(ref _armed, message);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient();
            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(server);
            }

            _ = PipeAsync(client, server);
        }
    }

    private async Task PipeAsync(TcpClient client, TcpClient server)
    {
        try
        {
            await server.ConnectAsync(_server, _stop.Token).ConfigureAwait(false);
            var upstream = CopyAsync(client.GetStream(), server.GetStream(), watch: false);
            var downstream = CopyAsync(server.GetStream(), client.GetStream(), watch: true);
            await Task.WhenAny(upstream, downstream).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task CopyAsync(Stream from, Stream to, bool watch)
    {
        var buffer = new byte[64 * 1024];
        var tail = Array.Empty<byte>();
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            if (watch && Volatile.Read(ref _armed) is { } message)
            {
                // The message may straddle two reads: search the end of the previous one too.
                byte[] window = [.. tail, .. buffer.AsSpan(0, read)];
                if (window.AsSpan().IndexOf(message) >= 0 && Interlocked.CompareExchange(ref _armed, null, message) == message)
                {
                    Interlocked.Increment(ref _dropped);
                    return; // the caller closes both sides: the reply is lost
                }

                tail = window[Math.Max(0, window.Length - message.Length)..];
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
        }
    }
}
