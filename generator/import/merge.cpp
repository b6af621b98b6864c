#include "import/merge.h"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gen::import {

namespace {

yaml::Node scalar_like(const yaml::Node& at, std::string value) {
  yaml::Node n;
  n.kind = yaml::Node::Kind::Scalar;
  n.quoted = true;
  n.value = std::move(value);
  n.loc = at.loc;
  return n;
}

// "KEY=VALUE" items -> KEY: VALUE (a bare KEY -> KEY: null), as compose reads
// environment, labels, sysctls, build.args and annotations.
void list_to_mapping(yaml::Node& n, char separator) {
  if (!n.is_sequence()) return;
  yaml::Node map;
  map.kind = yaml::Node::Kind::Mapping;
  map.loc = n.loc;
  std::unordered_map<std::string, size_t> at;
  for (auto& item : n.items) {
    if (!item.is_scalar()) continue;  // reported when mapped
    size_t eq = item.value.find(separator);
    std::string key = item.value.substr(0, eq);
    yaml::Entry e;
    e.key = scalar_like(item, key);
    if (eq == std::string::npos) {
      e.value.kind = yaml::Node::Kind::Null;
      e.value.loc = item.loc;
    } else {
      e.value = scalar_like(item, item.value.substr(eq + 1));
    }
    if (auto it = at.find(key); it != at.end()) {
      map.entries[it->second] = std::move(e);
    } else {
      at.emplace(key, map.entries.size());
      map.entries.push_back(std::move(e));
    }
  }
  n = std::move(map);
}

// [a, b] -> {a: VALUE} where VALUE is made by `value` (null or a mapping).
template <class MakeValue>
void names_to_mapping(yaml::Node& n, MakeValue value) {
  if (!n.is_sequence()) return;
  yaml::Node map;
  map.kind = yaml::Node::Kind::Mapping;
  map.loc = n.loc;
  for (auto& item : n.items) {
    if (!item.is_scalar()) continue;
    yaml::Entry e;
    e.key = item;
    e.value = value(item);
    map.entries.push_back(std::move(e));
  }
  n = std::move(map);
}

enum class SeqRule { Append, Replace, Unique };

SeqRule rule_for(const std::string& key) {
  if (key == "command" || key == "entrypoint" || key == "test") return SeqRule::Replace;
  if (key == "ports" || key == "volumes" || key == "secrets" || key == "configs")
    return SeqRule::Unique;
  return SeqRule::Append;
}

bool same_scalar(const yaml::Node& a, const yaml::Node& b) {
  return a.is_scalar() && b.is_scalar() && a.value == b.value;
}

void merge_node(yaml::Node& base, yaml::Node over, const std::string& key, int depth);

void merge_mapping(yaml::Node& base, yaml::Node over, int depth) {
  for (auto& e : over.entries) {
    if (yaml::Node* b = base.find(e.key.value)) {
      merge_node(*b, std::move(e.value), e.key.value, depth + 1);
    } else {
      base.entries.push_back(std::move(e));
    }
  }
}

void merge_node(yaml::Node& base, yaml::Node over, const std::string& key, int depth) {
  if (base.is_mapping() && over.is_mapping()) {
    merge_mapping(base, std::move(over), depth);
    return;
  }
  if (base.is_sequence() && over.is_sequence()) {
    switch (rule_for(key)) {
      case SeqRule::Replace:
        base = std::move(over);
        return;
      case SeqRule::Unique: {
        for (auto& item : over.items) {
          std::string k = merge_key(key, item);
          bool replaced = false;
          if (!k.empty())
            for (auto& b : base.items)
              if (merge_key(key, b) == k) {
                b = item;
                replaced = true;
                break;
              }
          if (!replaced) base.items.push_back(std::move(item));
        }
        return;
      }
      case SeqRule::Append:
        for (auto& item : over.items) {
          bool dup = false;
          for (const auto& b : base.items) dup = dup || same_scalar(b, item);
          if (!dup) base.items.push_back(std::move(item));
        }
        return;
    }
  }
  base = std::move(over);
}

std::string scalar_of(const yaml::Node* n) { return n && n->is_scalar() ? n->value : ""; }

}  // namespace

std::string merge_key(const std::string& attribute, const yaml::Node& item) {
  if (attribute == "volumes") {
    if (item.is_mapping()) return scalar_of(item.find("target"));
    if (!item.is_scalar()) return "";
    // SOURCE:TARGET[:MODE] or TARGET
    const std::string& v = item.value;
    size_t first = v.find(':');
    if (first == std::string::npos) return v;
    size_t second = v.find(':', first + 1);
    return v.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
  }
  if (attribute == "ports") {
    if (item.is_mapping())
      return scalar_of(item.find("host_ip")) + "|" + scalar_of(item.find("published")) + "|" +
             scalar_of(item.find("target")) + "|" +
             (item.find("protocol") ? scalar_of(item.find("protocol")) : "tcp");
    if (!item.is_scalar()) return "";
    std::string v = item.value;
    std::string proto = "tcp";
    if (size_t slash = v.rfind('/'); slash != std::string::npos) {
      proto = v.substr(slash + 1);
      v.resize(slash);
    }
    return v + "|" + proto;
  }
  if (attribute == "secrets" || attribute == "configs") {
    if (item.is_mapping()) {
      std::string target = scalar_of(item.find("target"));
      return target.empty() ? scalar_of(item.find("source")) : target;
    }
    return scalar_of(&item);
  }
  return "";
}

void normalise_service(yaml::Node& s) {
  if (!s.is_mapping()) return;
  for (auto& e : s.entries) {
    const std::string& k = e.key.value;
    if (k == "environment" || k == "labels" || k == "annotations") {
      list_to_mapping(e.value, '=');
    } else if (k == "sysctls") {
      list_to_mapping(e.value, '=');
    } else if (k == "depends_on") {
      names_to_mapping(e.value, [](const yaml::Node& item) {
        yaml::Node cond;
        cond.kind = yaml::Node::Kind::Mapping;
        cond.loc = item.loc;
        yaml::Entry c;
        c.key = scalar_like(item, "condition");
        c.value = scalar_like(item, "service_started");
        cond.entries.push_back(std::move(c));
        return cond;
      });
    } else if (k == "networks") {
      names_to_mapping(e.value, [](const yaml::Node& item) {
        yaml::Node null;
        null.loc = item.loc;
        return null;
      });
    } else if (k == "build" && e.value.is_mapping()) {
      if (yaml::Node* args = e.value.find("args")) list_to_mapping(*args, '=');
      if (yaml::Node* labels = e.value.find("labels")) list_to_mapping(*labels, '=');
    }
  }
}

void merge_service(yaml::Node& base, yaml::Node over) {
  if (!base.is_mapping() || !over.is_mapping()) {
    base = std::move(over);
    return;
  }
  merge_mapping(base, std::move(over), 0);
}

void merge_project(yaml::Node& base, yaml::Node over) {
  for (auto& e : over.entries) {
    yaml::Node* b = base.find(e.key.value);
    if (!b) {
      base.entries.push_back(std::move(e));
      continue;
    }
    const std::string& k = e.key.value;
    if (k == "services" && b->is_mapping() && e.value.is_mapping()) {
      for (auto& s : e.value.entries) {
        if (yaml::Node* bs = b->find(s.key.value))
          merge_service(*bs, std::move(s.value));
        else
          b->entries.push_back(std::move(s));
      }
    } else if ((k == "networks" || k == "volumes" || k == "secrets" || k == "configs") &&
               b->is_mapping() && e.value.is_mapping()) {
      for (auto& r : e.value.entries) {
        if (yaml::Node* br = b->find(r.key.value))
          merge_node(*br, std::move(r.value), r.key.value, 1);
        else
          b->entries.push_back(std::move(r));
      }
    } else {
      *b = std::move(e.value);
    }
  }
}

}  // namespace gen::import
