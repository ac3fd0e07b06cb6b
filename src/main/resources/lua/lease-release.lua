-- KEYS[1] lease key; ARGV[1] token. Deletes only the holder's own lease: 1 if released, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
