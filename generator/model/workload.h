// Which Kubernetes workload runs a module: part of the contract between the
// model and the Kubernetes target, stated once so that render (which writes
// the object) and verify (which checks that the rendered object is the right
// one) both derive it from the model and neither trusts the other.
#pragma once

#include "model/project.h"

namespace gen::model {

enum class Workload { None, Deployment, StatefulSet, Job, CronJob };

// A job runs to completion (Job), on its schedule when it has one (CronJob,
// whose jobTemplate holds the pod); a service with state keeps one claim per
// replica (StatefulSet); any other service is a Deployment; a base module is
// built, never run (None); a setup step runs as an init container of its
// owner's pod, not as a workload of its own (None).
inline Workload workload_of(const Module& m) {
  if (m.kind == ModuleKind::Base || m.setup_of || m.edge) return Workload::None;
  if (m.kind == ModuleKind::Job) return m.schedule ? Workload::CronJob : Workload::Job;
  return m.state ? Workload::StatefulSet : Workload::Deployment;
}

// The object's `kind:` ("Deployment", ...); "" for None.
inline const char* spelled(Workload w) {
  switch (w) {
    case Workload::Deployment: return "Deployment";
    case Workload::StatefulSet: return "StatefulSet";
    case Workload::Job: return "Job";
    case Workload::CronJob: return "CronJob";
    case Workload::None: break;
  }
  return "";
}

}  // namespace gen::model
