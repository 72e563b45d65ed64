"""PyTorch's fused scaled-dot-product attention on the same GPU, fp32, d = 64, N = M = 1024..8192:
the reference the course's WebGPU kernel is compared with (run by .device/run.sh; prints JSON)."""
import json

import torch
import torch.nn.functional as F

d = 64
results = []
for n in (1024, 2048, 4096, 8192):
    q, k, v = (torch.randn(1, 1, n, d, device="cuda", dtype=torch.float32) for _ in range(3))
    for _ in range(3):
        F.scaled_dot_product_attention(q, k, v)
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    reps = 50
    start.record()
    for _ in range(reps):
        F.scaled_dot_product_attention(q, k, v)
    end.record()
    torch.cuda.synchronize()
    ms = start.elapsed_time(end) / reps
    results.append({"n": n, "d": d, "ms": ms, "gflops": 4 * n * n * d / (ms * 1e6)})
print(json.dumps({"torch": torch.__version__, "device": torch.cuda.get_device_name(0), "tf32": torch.backends.cuda.matmul.allow_tf32, "sdpa": results}))
