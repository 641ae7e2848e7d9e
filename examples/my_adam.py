"""Adam as Dive into Deep Learning writes it (§7.8), with its states shaped like each parameter, so that it
runs on every problem of adamviz:

    adamviz --optimizer adam --optimizer-file examples/my_adam.py
    adamviz check examples/my_adam.py
"""
import torch


def init_adam_states(params):
    return [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]


def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
        p.grad.data.zero_()
    hyperparams['t'] += 1
