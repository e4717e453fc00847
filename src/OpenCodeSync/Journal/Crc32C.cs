using System.Buffers.Binary;
using System.Numerics;

namespace OpenCodeSync.Journal;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated where the CPU has it (SSE4.2, ARMv8 CRC).</summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
