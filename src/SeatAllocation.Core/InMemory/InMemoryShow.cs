namespace SeatAllocation.InMemory;

/// <summary>
/// One show's inventory. Every method takes the show's lock, first reclaims the holds that have
/// expired by <c>now</c>, then acts, so each call sees an exact, consistent state.
/// </summary>
internal sealed class InMemoryShow
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string?> _seatHolders;
    private readonly BestAvailableChooser? _seatMap;
    private readonly Dictionary<string, InMemoryAllocation> _allocations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InMemoryAllocation> _byRequestId = new(StringComparer.Ordinal);
    private readonly PriorityQueue<InMemoryAllocation, DateTimeOffset> _holdsByExpiry = new();

    // Places in live holds and bookings, by user id; kept only for a show with a per-user limit.
    private readonly Dictionary<string, int> _liveUnitsByUser = new(StringComparer.Ordinal);
    private int _allocatedUnits;
    private int _bookedUnits;

    public InMemoryShow(ShowDefinition definition)
    {
        Definition = definition;
        _seatHolders = definition.SeatIds.ToDictionary(seat => seat, string? (_) => null, StringComparer.Ordinal);
        _seatMap = definition.HasSeatMap ? new BestAvailableChooser(definition.Seats) : null;
    }

    public ShowDefinition Definition { get; }

    public AllocationResult Allocate(AllocationRequest request, string fingerprint, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        lock (_gate)
        {
            ReclaimExpiredHolds(now);
            if (_byRequestId.TryGetValue(request.RequestId, out var earlier))
            {
                return earlier.Fingerprint == fingerprint
                    ? AllocationResult.Allocated(earlier.Original, isReplay: true)
                    : AllocationResult.IdempotencyKeyReused();
            }

            if (Definition.MaxSeatsPerUser is { } most && _liveUnitsByUser.GetValueOrDefault(request.UserId) + request.Quantity > most)
            {
                return AllocationResult.PerUserLimitReached();
            }

            string[] seats;
            bool? together = null;
            if (request.IsBestAvailable)
            {
                if (_seatMap is null)
                {
                    throw new ArgumentException($"Show '{request.ShowId}' has no seat map, so it cannot choose the best seats; define it with ShowDefinition.Seated(showId, seats) and SeatMapSeat.", nameof(request));
                }

                // Chosen and taken under one lock: a buyer who loses a block to another sees it taken and gets the next best.
                var choice = _seatMap.Choose(request.Quantity, request.BestAvailableOptions, seat => _seatHolders[seat] is null);
                switch (choice.Status)
                {
                    case AllocationStatus.NotEnoughTogether:
                        return AllocationResult.NotEnoughTogether();
                    case AllocationStatus.Unavailable:
                        return AllocationResult.NotEnoughAvailable();
                }

                (seats, together) = ([.. choice.SeatIds], choice.Together);
            }
            else if (!Definition.IsSeated)
            {
                if (request.IsForSpecificSeats)
                {
                    return AllocationResult.Unavailable(request.SeatIds);
                }

                if (Definition.Capacity - _allocatedUnits < request.Quantity)
                {
                    return AllocationResult.NotEnoughAvailable();
                }

                seats = [];
            }
            else if (request.IsForSpecificSeats)
            {
                var taken = request.SeatIds.Where(seat => !_seatHolders.TryGetValue(seat, out var holder) || holder is not null).ToArray();
                if (taken.Length > 0)
                {
                    return AllocationResult.Unavailable(taken);
                }

                seats = [.. request.SeatIds];
            }
            else
            {
                seats = [.. _seatHolders.Where(pair => pair.Value is null).Select(pair => pair.Key).Order(StringComparer.Ordinal).Take(request.Quantity)];
                if (seats.Length < request.Quantity)
                {
                    return AllocationResult.NotEnoughAvailable();
                }
            }

            var kind = expiresAt is null ? AllocationKind.Booking : AllocationKind.Hold;
            var allocation = new InMemoryAllocation(
                new Allocation(Guid.NewGuid().ToString("N"), request.ShowId, request.UserId, kind, seats, request.Quantity, expiresAt) { Together = together },
                fingerprint,
                now);
            foreach (var seat in seats)
            {
                _seatHolders[seat] = allocation.Id;
            }

            _allocatedUnits += request.Quantity;
            CountForUser(request.UserId, request.Quantity);
            if (kind == AllocationKind.Booking)
            {
                _bookedUnits += request.Quantity;
            }
            else
            {
                _holdsByExpiry.Enqueue(allocation, expiresAt!.Value);
            }

            _allocations.Add(allocation.Id, allocation);
            _byRequestId.Add(request.RequestId, allocation);
            return AllocationResult.Allocated(allocation.Original);
        }
    }

    public AllocationResult Confirm(AllocationReference hold, DateTimeOffset now)
    {
        lock (_gate)
        {
            ReclaimExpiredHolds(now);
            if (!_allocations.TryGetValue(hold.AllocationId, out var allocation) || !allocation.BelongsTo(hold.UserId))
            {
                return AllocationResult.NotFound();
            }

            switch (allocation.State)
            {
                case InMemoryAllocationState.Held:
                    allocation.State = InMemoryAllocationState.Booked;
                    _bookedUnits += allocation.Original.Quantity;
                    return AllocationResult.Allocated(allocation.AsBooking());
                case InMemoryAllocationState.Booked when allocation.Original.Kind == AllocationKind.Hold:
                    return AllocationResult.Allocated(allocation.AsBooking(), isReplay: true);
                case InMemoryAllocationState.Expired:
                    return AllocationResult.HoldExpired();
                default:
                    return AllocationResult.NotFound();
            }
        }
    }

    public AllocationResult Extend(AllocationReference hold, TimeSpan extension, DateTimeOffset now)
    {
        lock (_gate)
        {
            ReclaimExpiredHolds(now);
            if (!_allocations.TryGetValue(hold.AllocationId, out var allocation) || !allocation.BelongsTo(hold.UserId))
            {
                return AllocationResult.NotFound();
            }

            switch (allocation.State)
            {
                case InMemoryAllocationState.Expired:
                    return AllocationResult.HoldExpired();
                case not InMemoryAllocationState.Held:
                    return AllocationResult.NotFound();
            }

            var expiresAt = allocation.Original.ExpiresAt!.Value + extension;
            if (expiresAt - allocation.CreatedAt > (Definition.MaxHoldLifetime ?? AllocationLimits.MaxHoldDuration))
            {
                return AllocationResult.HoldLifetimeCapReached();
            }

            // The queue keeps the old expiry; ReclaimExpiredHolds puts the hold back when it meets it.
            allocation.ExpireAt(expiresAt);
            return AllocationResult.Allocated(allocation.Original);
        }
    }

    public ReleaseStatus Release(AllocationReference reference, AllocationKind kind, DateTimeOffset now)
    {
        lock (_gate)
        {
            ReclaimExpiredHolds(now);
            if (!_allocations.TryGetValue(reference.AllocationId, out var allocation) || !allocation.BelongsTo(reference.UserId))
            {
                return ReleaseStatus.NotFound;
            }

            var (live, final) = kind == AllocationKind.Hold
                ? (InMemoryAllocationState.Held, InMemoryAllocationState.Released)
                : (InMemoryAllocationState.Booked, InMemoryAllocationState.Cancelled);
            if (allocation.State == final)
            {
                return ReleaseStatus.Released;
            }

            if (allocation.State == InMemoryAllocationState.Expired && kind == AllocationKind.Hold)
            {
                return ReleaseStatus.HoldExpired;
            }

            if (allocation.State != live)
            {
                return ReleaseStatus.NotFound;
            }

            if (live == InMemoryAllocationState.Booked)
            {
                _bookedUnits -= allocation.Original.Quantity;
            }

            Free(allocation, final);
            return ReleaseStatus.Released;
        }
    }

    public ShowAvailability Snapshot(DateTimeOffset now)
    {
        lock (_gate)
        {
            ReclaimExpiredHolds(now);
            var capacity = Definition.Capacity;
            var availability = new ShowAvailability(Definition.ShowId, Definition.IsSeated, capacity, capacity - _allocatedUnits, _allocatedUnits - _bookedUnits, _bookedUnits);
            if (!Definition.HasSeatMap)
            {
                return availability;
            }

            var seats = Definition.Seats.Select(seat => (seat, _seatHolders[seat.Id] is null)).ToList();
            return availability with
            {
                Categories = SeatGroupAvailability.Count(seats, seat => seat.Category),
                Sections = SeatGroupAvailability.Count(seats, seat => seat.Section),
            };
        }
    }

    public IReadOnlyList<SeatState> Seats(DateTimeOffset now)
    {
        lock (_gate)
        {
            ReclaimExpiredHolds(now);
            return Definition.HasSeatMap
                ? [.. Definition.Seats.Select(seat => new SeatState(seat.Id, StatusOf(seat.Id), seat))]
                : [.. Definition.SeatIds.Select(seat => new SeatState(seat, StatusOf(seat), null))];
        }
    }

    public IEnumerable<InvariantViolation> Verify(DateTimeOffset now)
    {
        lock (_gate)
        {
            ReclaimExpiredHolds(now);
            var showId = Definition.ShowId;
            var violations = new List<InvariantViolation>();
            var live = _allocations.Values.Where(a => a.IsLive).ToList();
            var liveUnits = live.Sum(a => a.Original.Quantity);
            var bookedUnits = live.Where(a => a.State == InMemoryAllocationState.Booked).Sum(a => a.Original.Quantity);
            if (liveUnits > Definition.Capacity)
            {
                violations.Add(new(showId, ViolationKind.OverCapacity, $"{liveUnits} held or booked, capacity {Definition.Capacity}"));
            }

            if (liveUnits != _allocatedUnits || bookedUnits != _bookedUnits)
            {
                violations.Add(new(showId, ViolationKind.CounterMismatch, $"counters say {_allocatedUnits} allocated / {_bookedUnits} booked, allocations say {liveUnits} / {bookedUnits}"));
            }

            foreach (var seat in live.SelectMany(a => a.Original.SeatIds.Select(seat => (seat, a.Id))).GroupBy(x => x.seat).Where(g => g.Count() > 1))
            {
                violations.Add(new(showId, ViolationKind.DoubleBookedSeat, $"seat {seat.Key} is in {string.Join(", ", seat.Select(x => x.Id))}"));
            }

            foreach (var allocation in live.Where(a => a.Original.SeatIds.Any(seat => _seatHolders.GetValueOrDefault(seat) != a.Id)))
            {
                violations.Add(new(showId, ViolationKind.PartialAllocation, $"{allocation.Id} does not own all of {string.Join(",", allocation.Original.SeatIds)}"));
            }

            foreach (var (seat, holder) in _seatHolders)
            {
                if (holder is not null && (!_allocations.TryGetValue(holder, out var owner) || !owner.IsLive))
                {
                    violations.Add(new(showId, ViolationKind.OrphanedSeat, $"seat {seat} points at {holder}, which is not live"));
                }
            }

            return violations;
        }
    }

    private SeatStatus StatusOf(string seatId) =>
        _seatHolders[seatId] is not { } holder ? SeatStatus.Free
        : _allocations[holder].State == InMemoryAllocationState.Booked ? SeatStatus.Booked
        : SeatStatus.Held;

    private void ReclaimExpiredHolds(DateTimeOffset now)
    {
        while (_holdsByExpiry.TryPeek(out var hold, out var expiresAt) && expiresAt <= now)
        {
            _holdsByExpiry.Dequeue();
            if (hold.State != InMemoryAllocationState.Held)
            {
                continue;
            }

            if (hold.Original.ExpiresAt > now)
            {
                // Extended since it was queued.
                _holdsByExpiry.Enqueue(hold, hold.Original.ExpiresAt.Value);
            }
            else
            {
                Free(hold, InMemoryAllocationState.Expired);
            }
        }
    }

    private void CountForUser(string userId, int quantity)
    {
        if (Definition.MaxSeatsPerUser is null)
        {
            return;
        }

        var units = _liveUnitsByUser.GetValueOrDefault(userId) + quantity;
        if (units == 0)
        {
            _liveUnitsByUser.Remove(userId);
        }
        else
        {
            _liveUnitsByUser[userId] = units;
        }
    }

    private void Free(InMemoryAllocation allocation, InMemoryAllocationState final)
    {
        allocation.State = final;
        _allocatedUnits -= allocation.Original.Quantity;
        CountForUser(allocation.Original.UserId, -allocation.Original.Quantity);
        foreach (var seat in allocation.Original.SeatIds)
        {
            _seatHolders[seat] = null;
        }
    }
}
