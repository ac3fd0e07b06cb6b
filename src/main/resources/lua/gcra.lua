-- GCRA (generic cell rate algorithm) over N keys at once: all or nothing, on the Redis clock.
-- Each key holds its TAT (theoretical arrival time, µs since the epoch) and expires when the TAT
-- is reached, so an idle key costs nothing. Keys of one call share a hash tag (the caller checks).
-- KEYS[i] the key of limit i; ARGV[2i-1] its emission interval in µs (period / rate, integer >= 1),
-- ARGV[2i] its burst (tokens, >= 1); ARGV[2N+1] the cost (tokens to take, >= 0; 0 only peeks);
-- ARGV[2N+2], optional, the time to decide at (µs since the epoch: a caller on its own clock, a
-- replay's); without it the Redis clock.
-- Returns {allowed 1/0, index (1-based) of the most limiting key, its remaining tokens,
-- retry_after_us (0 when allowed, -1 when cost > burst: never), reset_after_us (until it is full)}.
-- Most limiting: when refused, the key that refuses longest; when allowed, the fewest remaining.
-- Remaining is after taking when allowed, and what is there now (nothing taken) when refused.
local n = #KEYS
if n == 0 or (#ARGV ~= 2 * n + 1 and #ARGV ~= 2 * n + 2) then
  return redis.error_reply('gcra: expected ' .. (2 * n + 1) .. ' or ' .. (2 * n + 2) .. ' ARGV for ' .. n
    .. ' keys, got ' .. #ARGV)
end
local cost = tonumber(ARGV[2 * n + 1])
if not cost or cost < 0 then
  return redis.error_reply('gcra: cost must be >= 0')
end
local now
if #ARGV == 2 * n + 2 then
  now = tonumber(ARGV[2 * n + 2])
  if not now then
    return redis.error_reply('gcra: the time must be a number of µs')
  end
else
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000000 + tonumber(time[2])
end

local new_tats = {}
local refused_for = -1 -- rank of the longest refusal so far; -1 while every key allows
local fewest = math.huge
local index, remaining, retry_after, reset_after = 1, 0, 0, 0
for i = 1, n do
  local interval = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  if not interval or interval < 1 or not burst or burst < 1 then
    return redis.error_reply('gcra: interval and burst of key ' .. i .. ' must be >= 1')
  end
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then
    tat = now
  end
  local tolerance = interval * burst
  local new_tat = tat + interval * cost
  local slack = tolerance - (new_tat - now) -- < 0: the cost does not fit yet
  if slack < 0 then
    local wait = cost > burst and -1 or -slack
    local rank = wait < 0 and math.huge or wait
    if rank > refused_for then
      refused_for = rank
      index, retry_after, reset_after = i, wait, tat - now
      remaining = math.max(0, math.floor((tolerance - (tat - now)) / interval))
    end
  elseif refused_for < 0 then
    local left = math.floor(slack / interval)
    if left < fewest then
      fewest = left
      index, remaining, reset_after = i, left, new_tat - now
    end
  end
  new_tats[i] = new_tat
end

if refused_for >= 0 then
  return {0, index, remaining, retry_after, reset_after}
end
if cost > 0 then
  for i = 1, n do
    redis.call('SET', KEYS[i], string.format('%d', new_tats[i]), 'PX', math.ceil((new_tats[i] - now) / 1000))
  end
end
return {1, index, remaining, 0, reset_after}
