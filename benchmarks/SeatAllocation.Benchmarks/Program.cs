System.Console.WriteLine("SeatAllocation benchmarks");
